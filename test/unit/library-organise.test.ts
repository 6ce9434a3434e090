import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobViewSchema, ProjectViewSchema, type JobView, type ProjectView } from '../../electron/shared';
import { jobEvents, makeHarness, type Harness } from './core-harness';
import { refusal } from './edit-helpers';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(() => h.dispose());

describe('favourites, tags and notes', () => {
  it('return the updated job and tell every view of it', async () => {
    const id = await h.generate();
    await h.core.whenIdle();
    const fav = await h.ok<JobView>('jobs:set-favourite', { jobId: id, favourite: true });
    expect(JobViewSchema.parse(fav)).toMatchObject({ id, favourite: true });
    expect(jobEvents(h.events, id).at(-1)?.favourite).toBe(true);

    const noted = await h.ok<JobView>('jobs:set-notes', { jobId: id, notes: 'Client picked this one.\nPrint at A3.' });
    expect(noted.notes).toBe('Client picked this one.\nPrint at A3.');
    expect((await h.ok<JobView>('jobs:set-favourite', { jobId: id, favourite: false })).favourite).toBe(false);
    expect((await h.ok<JobView>('jobs:get', { jobId: id })).notes).toBe('Client picked this one.\nPrint at A3.');
  });

  it('normalises tags: trimmed, inner spaces collapsed, unique in any case, sorted; an existing spelling is kept', async () => {
    const a = await h.generate();
    const b = await h.generate({ prompt: 'second' });
    await h.core.whenIdle();
    const tagged = await h.ok<JobView>('jobs:set-tags', { jobId: a, tags: ['  Client   A ', 'print', 'client a', 'PRINT', 'émigré'] });
    expect(tagged.tags).toEqual(['Client A', 'émigré', 'print']);
    const other = await h.ok<JobView>('jobs:set-tags', { jobId: b, tags: ['CLIENT A', 'web'] });
    expect(other.tags).toEqual(['Client A', 'web']);
    expect(await h.ok('tags:list')).toEqual([
      { name: 'Client A', count: 2 },
      { name: 'émigré', count: 1 },
      { name: 'print', count: 1 },
      { name: 'web', count: 1 },
    ]);
    // A tag no job carries any more leaves the list.
    await h.ok('jobs:set-tags', { jobId: a, tags: ['Client A'] });
    expect(await h.ok('tags:list')).toEqual([
      { name: 'Client A', count: 2 },
      { name: 'web', count: 1 },
    ]);
    // The contract refuses commas and line breaks in a tag.
    await refusal(h, 'jobs:set-tags', { jobId: a, tags: ['a,b'] }, 'INVALID_ARGUMENTS');
    await refusal(h, 'jobs:set-tags', { jobId: 999, tags: ['x'] }, 'NOT_FOUND');
    await refusal(h, 'jobs:set-favourite', { jobId: 999, favourite: true }, 'NOT_FOUND');
  });
});

describe('projects', () => {
  it('create, list with what they spent, update, move jobs, delete keeping the jobs', async () => {
    const shootDir = join(h.root, 'shoot');
    const acme = await h.ok<ProjectView>('projects:create', { name: 'Acme', budgetUsd: 5 });
    expect(ProjectViewSchema.parse(acme)).toMatchObject({ name: 'Acme', outputDir: null, namingTemplate: null, budgetUsd: 5, spentUsd: 0, jobCount: 0 });
    const shoot = await h.ok<ProjectView>('projects:create', { name: 'Beach shoot', outputDir: shootDir, namingTemplate: '{project}_{index}' });
    expect(existsSync(shootDir)).toBe(true); // made and probed when set, not when the first image arrives
    expect(await refusal(h, 'projects:create', { name: 'ACME' }, 'CONFLICT')).toBe('A project named "ACME" already exists.');
    expect(await refusal(h, 'projects:create', { name: 'X', outputDir: 'relative/dir' }, 'INVALID_ARGUMENTS')).toMatch(/full path/);
    expect(await refusal(h, 'projects:create', { name: 'X', namingTemplate: '{date}' }, 'INVALID_ARGUMENTS')).toMatch(/\{index\} or \{job\}/);

    const inAcme = await h.generate({ projectId: acme.id });
    const loose = await h.generate({ prompt: 'not in a project' });
    await h.core.whenIdle();
    const job = await h.ok<JobView>('jobs:get', { jobId: inAcme });
    expect(job.projectId).toBe(acme.id);
    expect(job.params).not.toHaveProperty('projectId'); // the column is the truth: it can change
    const listed = await h.ok<ProjectView[]>('projects:list');
    expect(listed.map((p) => p.name)).toEqual(['Acme', 'Beach shoot']);
    expect(listed[0]).toMatchObject({ jobCount: 1, spentUsd: job.costUsd });

    expect(await h.ok('jobs:set-project', { jobIds: [loose, inAcme], projectId: shoot.id })).toEqual({ updated: 2 });
    expect((await h.ok<JobView[]>('history:get-many', { ids: [loose, inAcme] })).map((j) => j.projectId)).toEqual([shoot.id, shoot.id]);
    expect(await h.ok('history:search', { filter: { projectId: shoot.id } })).toEqual({ ids: [loose, inAcme], total: 2 });
    await refusal(h, 'jobs:set-project', { jobIds: [loose], projectId: 999 }, 'NOT_FOUND');

    const renamed = await h.ok<ProjectView>('projects:update', { id: acme.id, name: 'Acme Corp', budgetUsd: null });
    expect(renamed).toMatchObject({ name: 'Acme Corp', budgetUsd: null, jobCount: 0 });
    // Fields left out keep their value.
    expect(await h.ok<ProjectView>('projects:update', { id: shoot.id, name: 'Beach shoot' })).toMatchObject({ outputDir: shootDir, namingTemplate: '{project}_{index}' });
    await refusal(h, 'projects:update', { id: shoot.id, name: 'acme corp' }, 'CONFLICT');

    expect(await h.ok('projects:delete', { id: shoot.id })).toEqual({ deleted: true });
    expect(await h.ok('projects:delete', { id: shoot.id })).toEqual({ deleted: false });
    expect((await h.ok<JobView[]>('history:get-many', { ids: [loose, inAcme] })).map((j) => j.projectId)).toEqual([null, null]);
    await refusal(h, 'jobs:generate', { ...(await h.ok<JobView>('jobs:get', { jobId: loose })).params, projectId: shoot.id }, 'NOT_FOUND');
  });
});
