import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryFilter } from '../../electron/shared';
import { makeHarness, type Harness } from './core-harness';
import { seedDb, type SeedDb } from './library-helpers';

let s: SeedDb;
const ids: Record<string, number> = {};
let acme: number;
let other: number;

beforeAll(async () => {
  s = await seedDb();
  acme = s.organise.createProject({ name: 'Acme' }, 1).id;
  other = s.organise.createProject({ name: 'Other' }, 1).id;
  ids.fox = s.add({ prompt: 'a red fox in fresh snow', costUsd: 0.04, createdAt: 1_000, projectId: acme, tags: ['Client A'] });
  ids.lighthouse = s.add({ prompt: 'lighthouse at dusk', costUsd: 0.2, createdAt: 2_000, favourite: true, notes: 'the client loved the teal sky' });
  ids.cafe = s.add({ prompt: 'café "noir" at night', model: 'gpt-image-2', costUsd: 0.5, createdAt: 3_000, projectId: other });
  ids.editHigh = s.add({ prompt: 'put a hat on the fox', inputFidelity: 'high', mask: true, costUsd: 0.1, createdAt: 4_000, tags: ['print', 'client a'] });
  ids.editLow = s.add({ prompt: 'swap the background', inputFidelity: 'low', costUsd: null, status: 'failed', createdAt: 5_000 });
  ids.edit2 = s.add({ prompt: 'brighten the sky', kind: 'edit', model: 'gpt-image-2', costUsd: 0.3, createdAt: 6_000, projectId: acme });
  ids.editDefault = s.add({ prompt: 'remove the sign', kind: 'edit', costUsd: 0.01, createdAt: 7_000 });
  ids.mini = s.add({ prompt: 'a small sketch', kind: 'edit', model: 'gpt-image-1-mini', mask: true, status: 'canceled', createdAt: 8_000 });
});
afterAll(() => s.close());

const find = (filter: Partial<HistoryFilter>): number[] => s.search.search({ sort: 'newest', ...filter }).ids;
const desc = (...names: string[]) => names.map((n) => ids[n]!).sort((a, b) => b - a);

describe('history:search text', () => {
  it('searches prompts, tags and notes, newest first', () => {
    expect(find({ query: 'fox' })).toEqual(desc('editHigh', 'fox'));
    expect(find({ query: 'client' })).toEqual(desc('editHigh', 'fox', 'lighthouse'));
    expect(find({ query: 'teal' })).toEqual([ids.lighthouse]);
    expect(find({ query: 'print' })).toEqual([ids.editHigh]);
    expect(find({ query: 'cafe' })).toEqual([ids.cafe]);
    expect(find({ query: '"red fox"' })).toEqual([ids.fox]);
    expect(find({ query: 'ligh' })).toEqual([ids.lighthouse]); // as typed: the last word is a prefix
    expect(find({ query: '   ' })).toHaveLength(8); // nothing to search for: every job
  });

  it('follows changes to tags and notes', () => {
    const id = s.add({ prompt: 'plain' });
    expect(find({ query: 'zebra' })).toEqual([]);
    s.organise.setNotes(id, 'zebra crossing');
    expect(find({ query: 'zebra' })).toEqual([id]);
    s.organise.setNotes(id, '');
    s.organise.setTags(id, ['Zebra']);
    expect(find({ query: 'zebra' })).toEqual([id]);
    s.organise.setTags(id, []);
    expect(find({ query: 'zebra' })).toEqual([]);
    s.db.prepare('DELETE FROM jobs WHERE id = ?').run(id);
    expect(find({ query: 'plain' })).toEqual([]);
  });

  const hostile = [
    '"unbalanced',
    'a OR b',
    'fox OR',
    'NOT fox',
    'fox AND',
    'NEAR(x y)',
    'NEAR(red fox, 2)',
    'prompt:foo',
    'tags:print',
    '*',
    '-x',
    '- fox',
    '^red',
    '(red',
    "'; DROP TABLE jobs; --",
    '"; DROP TABLE jobs_fts; --',
    '🦊 fox 🌲',
    '🦊',
    'x'.repeat(500),
    'word '.repeat(100),
    '\u0000',
    'a"b"c',
    '""',
    'café\u0301',
  ];
  it.each(hostile)('takes %j as plain words: no error, no FTS syntax, no injection', (query) => {
    expect(() => find({ query })).not.toThrow();
    expect(() => find({ query, favourite: true, sort: 'cost-asc' })).not.toThrow();
  });

  it('means the words typed, not the operators', () => {
    expect(find({ query: 'NOT fox' })).toEqual([]); // "not" and "fox" both required
    expect(find({ query: 'fox OR' })).toEqual([]);
    expect(find({ query: 'prompt:fox' })).toEqual([]); // the phrase "prompt fox", not a column filter
    expect(find({ query: 'tags:print' })).toEqual([]);
    expect(find({ query: '-fox' })).toEqual(desc('editHigh', 'fox')); // not an exclusion
    expect(find({ query: '🦊 fox 🌲' })).toEqual(desc('editHigh', 'fox'));
    expect(find({ query: "'; DROP TABLE jobs; --" })).toEqual([]);
    expect(s.db.prepare('SELECT count(*) FROM jobs').pluck().get()).toBeGreaterThan(0);
  });
});

describe('history:search filters', () => {
  it.each<[string, Partial<HistoryFilter>, string[]]>([
    ['model', { models: ['gpt-image-2'] }, ['cafe', 'edit2']],
    ['kind', { kinds: ['edit'] }, ['editHigh', 'editLow', 'edit2', 'editDefault', 'mini']],
    ['status', { statuses: ['failed', 'canceled'] }, ['editLow', 'mini']],
    ['fidelity high (gpt-image-2 edits count)', { fidelity: 'high' }, ['editHigh', 'edit2']],
    ['fidelity low (the default when unset)', { fidelity: 'low' }, ['editLow', 'editDefault']],
    ['has a mask', { hasMask: true }, ['editHigh', 'mini']],
    ['favourite', { favourite: true }, ['lighthouse']],
    ['a tag, any case', { tags: ['CLIENT A'] }, ['fox', 'editHigh']],
    ['every tag given', { tags: ['client a', 'print'] }, ['editHigh']],
    ['a project', { projectId: 0 }, ['fox', 'edit2']],
    ['date range, inclusive', { from: 2_000, to: 4_000 }, ['lighthouse', 'cafe', 'editHigh']],
    ['text and filters together', { query: 'fox', tags: ['print'] }, ['editHigh']],
    ['empty list allows nothing', { models: [] }, []],
  ])('%s', (_label, filter, expected) => {
    const f = filter.projectId === 0 ? { ...filter, projectId: acme } : filter;
    expect(find(f)).toEqual(desc(...expected));
  });

  it('has-mask false and favourite false are filters too', () => {
    expect(find({ hasMask: false, kinds: ['edit'] })).toEqual(desc('editLow', 'edit2', 'editDefault'));
    expect(find({ favourite: false })).not.toContain(ids.lighthouse);
  });

  it('no project', () => {
    expect(find({ projectId: null })).toEqual(desc('lighthouse', 'editHigh', 'editLow', 'editDefault', 'mini'));
  });
});

describe('history:search sorts', () => {
  it('newest, oldest, and by cost with unbilled jobs last', () => {
    const all = Object.values(ids);
    expect(find({ sort: 'newest' })).toEqual([...all].sort((a, b) => b - a));
    expect(find({ sort: 'oldest' })).toEqual([...all].sort((a, b) => a - b));
    expect(find({ sort: 'cost-desc' })).toEqual([ids.cafe, ids.edit2, ids.lighthouse, ids.editHigh, ids.fox, ids.editDefault, ...desc('editLow', 'mini')]);
    expect(find({ sort: 'cost-asc' })).toEqual([ids.editDefault, ids.fox, ids.editHigh, ids.lighthouse, ids.edit2, ids.cafe, ...desc('editLow', 'mini')]);
    expect(find({ query: 'fox', sort: 'cost-desc' })).toEqual([ids.editHigh, ids.fox]);
    expect(s.search.search({ sort: 'newest' }).total).toBe(all.length);
  });
});

describe('1000 jobs', () => {
  let big: SeedDb;
  beforeAll(async () => {
    big = await seedDb();
    big.db.transaction(() => {
      for (let i = 0; i < 1000; i++) big.add({ prompt: i % 3 === 0 ? `fox number ${i}` : `owl number ${i}`, costUsd: (i * 7919) % 1000 / 100, createdAt: i, favourite: i % 10 === 0 });
    })();
  });
  afterAll(() => big.close());

  it('returns every match in order, and get-many returns views in the order asked', () => {
    const all = big.search.search({ sort: 'newest' });
    expect(all.total).toBe(1000);
    expect(all.ids).toEqual(Array.from({ length: 1000 }, (_, i) => 1000 - i));
    const foxes = big.search.search({ query: 'fox', sort: 'oldest' }).ids;
    expect(foxes).toHaveLength(334);
    expect(foxes).toEqual([...foxes].sort((a, b) => a - b));
    const costs = big.search.search({ sort: 'cost-desc' }).ids.map((id) => big.jobs.get(id)!.costUsd!);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    expect(big.search.search({ favourite: true, query: 'fox' }).total).toBe(34);

    const page = [500, 3, 999, 42];
    const views = big.jobs.getMany([...page, 123456]);
    expect(views.map((v) => v.id)).toEqual(page);
    expect(views[0]).toMatchObject({ prompt: expect.stringContaining('499'), favourite: false, tags: [], notes: '', projectId: null });
  });
});

describe('through the handlers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await makeHarness();
  });
  afterAll(() => h.dispose());

  it('search narrows to one; get-many and history:list carry the new fields', async () => {
    const a = await h.generate({ prompt: 'a lighthouse at dusk' });
    const b = await h.generate({ prompt: 'a red fox in fresh snow' });
    const c = await h.generate({ prompt: 'brass compass on a map' });
    await h.core.whenIdle();
    expect(await h.ok('history:search', { filter: { query: 'fox' } })).toEqual({ ids: [b], total: 1 });
    expect(await h.ok('history:search', { filter: {} })).toEqual({ ids: [c, b, a], total: 3 });
    expect(await h.ok('history:search', { filter: { query: '(fox' } })).toEqual({ ids: [b], total: 1 });
    const views = await h.ok<{ id: number; favourite: boolean }[]>('history:get-many', { ids: [a, c] });
    expect(views.map((v) => v.id)).toEqual([a, c]);
    expect(views[0]).toMatchObject({ favourite: false, tags: [], notes: '', projectId: null });
    const page = await h.ok<{ items: { id: number; tags: string[] }[] }>('history:list', { limit: 2 });
    expect(page.items.map((j) => j.id)).toEqual([c, b]);
    expect(page.items[0]!.tags).toEqual([]);
  });
});
