/**
 * Judging and finding (migration 010): per-output marks and the favourites they replace,
 * bulk tags, dismissing failed jobs, the refusals CSV, and search that stems, reads file
 * names and job numbers. Real SQLite throughout.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrateTo } from '../../electron/core/db/migrations';
import { HistorySearch, splitJobNumbers } from '../../electron/core/db/history-search';
import { MarksRepo } from '../../electron/core/db/marks-repo';
import { organiseHandlers } from '../../electron/core/library/organise-handlers';
import type { HistoryFilter, JobEvent } from '../../electron/shared';
import { fakeHash, seedDb, type SeedDb } from './library-helpers';

describe('migration 010 from schema 7: favourites move to outputs, text is re-indexed', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loupe-mig10-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('picks every output of a favourite job, keeps the Favourites filter, and finds stems and file names', () => {
    const db = new Database(join(dir, 'lib.sqlite'));
    db.pragma('foreign_keys = ON');
    migrateTo(db, MIGRATIONS, 7);
    const asset = db.prepare("INSERT INTO assets (hash, mime, width, height, bytes, created_at) VALUES (?, 'image/png', 8, 8, 10, 1)");
    const job = db.prepare(
      "INSERT INTO jobs (kind, status, model, prompt, params, created_at, favourite, error) VALUES (?, ?, 'gpt-image-2', ?, '{}', 1, ?, ?) RETURNING id",
    ).pluck();
    const output = db.prepare('INSERT INTO outputs (job_id, idx, asset_hash, saved_path, created_at) VALUES (?, ?, ?, ?, 1)');
    for (const h of ['a', 'b', 'c', 'in']) asset.run(fakeHash(h));
    const fav = job.get('generate', 'succeeded', 'white lilies in a vase', 1, null) as number;
    output.run(fav, 0, fakeHash('a'), '/home/me/Pictures/Loupe/Spring-Vase_0007_1.png');
    output.run(fav, 1, fakeHash('b'), 'C:\\Users\\me\\Loupe\\Spring-Vase_0007_2.png');
    const plain = job.get('edit', 'succeeded', 'a paper boat', 0, null) as number;
    output.run(plain, 0, fakeHash('c'), null);
    db.prepare("INSERT INTO job_inputs (job_id, position, role, asset_hash, name) VALUES (?, 0, 'image', ?, 'IMG_4031.jpeg')").run(plain, fakeHash('in'));
    const failedFav = job.get('generate', 'failed', 'a storm', 1, '{"code":"RATE_LIMITED","message":"x"}') as number;

    migrateTo(db, MIGRATIONS);

    const marks = db.prepare('SELECT job_id, idx, rating, flag, label FROM outputs ORDER BY id').all();
    expect(marks).toEqual([
      { job_id: fav, idx: 0, rating: 0, flag: 'pick', label: null },
      { job_id: fav, idx: 1, rating: 0, flag: 'pick', label: null },
      { job_id: plain, idx: 0, rating: 0, flag: null, label: null },
    ]);
    const search = new HistorySearch(db);
    const find = (f: Partial<HistoryFilter>) => search.search({ sort: 'newest', ...f }).ids;
    // A favourite with no output (a failed job) stays one: nothing could carry its pick.
    expect(find({ favourite: true })).toEqual([failedFav, fav]);
    expect(find({ flag: 'pick' })).toEqual([fav]);
    expect(find({ flag: 'none' })).toEqual([failedFav, plain]);
    expect(find({ query: 'lily' })).toEqual([fav]);
    expect(find({ query: 'boats' })).toEqual([plain]);
    expect(find({ query: 'Spring-Vase_0007_2.png' })).toEqual([fav]); // a Windows path: its last part only
    expect(find({ query: 'IMG_4031' })).toEqual([plain]);
    expect(find({ query: 'Pictures' })).toEqual([]); // folders are not file names

    // Un-picking the last output clears the favourite; the trigger keeps the job's facts.
    db.prepare("UPDATE outputs SET flag = NULL, rating = 4 WHERE job_id = ? AND idx = 0").run(fav);
    expect(db.prepare('SELECT favourite, rating FROM jobs WHERE id = ?').get(fav)).toEqual({ favourite: 1, rating: 4 });
    db.prepare('UPDATE outputs SET flag = NULL WHERE job_id = ?').run(fav);
    expect(db.prepare('SELECT favourite, rating FROM jobs WHERE id = ?').get(fav)).toEqual({ favourite: 0, rating: 4 });
    expect(db.prepare('SELECT id, flagged FROM jobs ORDER BY id').all()).toEqual([
      { id: fav, flagged: 0 },
      { id: plain, flagged: 0 },
      { id: failedFav, flagged: 0 },
    ]);
    expect(find({ flag: 'none' })).toEqual([failedFav, plain, fav]);
    expect(search.explain({ flag: 'none' }).join(' ')).toContain('jobs_unflagged');
    expect(() => db.prepare('UPDATE outputs SET rating = 6').run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE outputs SET label = 'orange'").run()).toThrow(/CHECK/);
    db.close();
  });
});

describe('marks, bulk tags, dismissal and search', () => {
  let s: SeedDb;
  let marks: MarksRepo;
  const find = (f: Partial<HistoryFilter>) => s.search.search({ sort: 'newest', ...f }).ids;
  const outputsOf = (jobId: number) => s.jobs.get(jobId)!.outputs.map((o) => o.id);

  beforeEach(async () => {
    s = await seedDb();
    marks = new MarksRepo(s.db);
  });
  afterEach(() => s.close());

  it('rates, flags and labels outputs; the job takes its best rating and any pick; undo restores', () => {
    const a = s.add({ prompt: 'three tulips', outputs: 3 });
    const b = s.add({ prompt: 'a single rose', outputs: 1 });
    const [a0, a1, a2] = outputsOf(a) as [number, number, number];
    const [b0] = outputsOf(b) as [number];

    expect(marks.mark([a1], { rating: 4 }).updated).toBe(1);
    marks.mark([a2], { rating: 2, label: 'green' });
    marks.mark([b0], { rating: 5, flag: 'reject' });
    const before = marks.mark([a0, a1], { flag: 'pick' });
    expect(before.previous).toEqual([
      { id: a0, rating: 0, flag: null, label: null },
      { id: a1, rating: 4, flag: null, label: null },
    ]);
    // Marks not given stay as they were; setting what is already there changes nothing.
    expect(marks.mark([a1], { flag: 'pick' }).updated).toBe(0);
    expect(s.jobs.get(a)!.outputs.map((o) => [o.rating, o.flag, o.label])).toEqual([
      [0, 'pick', null],
      [4, 'pick', null],
      [2, null, 'green'],
    ]);
    expect(s.jobs.get(a)!.favourite).toBe(true);

    expect(find({ minRating: 4 })).toEqual([b, a]);
    expect(find({ minRating: 5 })).toEqual([b]);
    expect(find({ flag: 'pick' })).toEqual([a]);
    expect(find({ flag: 'reject' })).toEqual([b]);
    expect(find({ label: 'green' })).toEqual([a]);
    expect(find({ label: 'red' })).toEqual([]);
    expect(find({ favourite: true })).toEqual([a]);
    const c = s.add({ prompt: 'unjudged' });
    expect(find({ flag: 'none' })).toEqual([c]);
    expect(find({ sort: 'rating-desc' })).toEqual([b, a, c]);

    expect(marks.restore(before.previous)).toBe(2);
    expect(s.jobs.get(a)!.outputs.map((o) => o.flag)).toEqual([null, null, null]);
    expect(s.jobs.get(a)!.favourite).toBe(false);
    expect(find({ favourite: true })).toEqual([]);
  });

  it('toggles a label: off when every output has it, else on all', () => {
    const a = s.add({ outputs: 2 });
    const [a0, a1] = outputsOf(a) as [number, number];
    marks.mark([a0], { label: 'green' });
    expect(marks.mark([a0, a1], { toggleLabel: 'green' })).toMatchObject({ updated: 1, label: 'green' });
    expect(marks.mark([a0, a1], { toggleLabel: 'green' })).toMatchObject({ updated: 2, label: null });
    expect(s.jobs.get(a)!.outputs.map((o) => o.label)).toEqual([null, null]);
    expect(marks.mark([a0], { rating: 1 })).not.toHaveProperty('label');
  });

  it('Favourite on a job picks its outputs; off lifts the picks and keeps rejects', () => {
    const a = s.add({ outputs: 2 });
    const [a0, a1] = outputsOf(a) as [number, number];
    s.organise.setFavourite(a, true);
    expect(s.jobs.get(a)!.outputs.map((o) => o.flag)).toEqual(['pick', 'pick']);
    marks.mark([a1], { flag: 'reject' });
    expect(s.jobs.get(a)!.favourite).toBe(true); // a0 is still picked
    s.organise.setFavourite(a, false);
    expect(s.jobs.get(a)!.outputs.map((o) => [o.id, o.flag])).toEqual([
      [a0, null],
      [a1, 'reject'],
    ]);
    expect(s.jobs.get(a)!.favourite).toBe(false);
  });

  it('adds tags to many jobs keeping theirs, removes them again, and drops tags no job carries', () => {
    const a = s.add({ tags: ['Client'] });
    const b = s.add();
    expect(marks.addTags([a, b, 999_999], ['client', 'Spring  sale'])).toBe(2);
    expect(s.jobs.get(a)!.tags).toEqual(['Client', 'Spring sale']);
    expect(s.jobs.get(b)!.tags).toEqual(['Client', 'Spring sale']);
    expect(find({ query: 'sale' })).toEqual([b, a]);
    expect(marks.removeTags([a, b], ['spring sale'])).toBe(2);
    expect(s.organise.tagCounts()).toEqual([{ name: 'Client', count: 2 }]);
    expect(find({ query: 'sale' })).toEqual([]);
  });

  it('dismisses only jobs that ended without their images', () => {
    const failed = s.add({ status: 'failed' });
    const ok = s.add({ outputs: 1 });
    expect(marks.dismiss([failed, ok], true)).toBe(1);
    expect(s.jobs.get(failed)!.dismissed).toBe(true);
    expect(s.jobs.get(ok)!.dismissed).toBe(false);
    expect(marks.dismiss([failed], false)).toBe(1);
    expect(s.jobs.get(failed)!.dismissed).toBe(false);
  });

  it('stems English both ways and keeps search as you type', () => {
    const lilies = s.add({ prompt: 'Lilies on a pond, running water' });
    const lily = s.add({ prompt: 'one lily' });
    const cafe = s.add({ prompt: 'café terrace' });
    expect(find({ query: 'lily' })).toEqual([lily, lilies]);
    expect(find({ query: 'lilies' })).toEqual([lily, lilies]);
    expect(find({ query: 'ponds' })).toEqual([lilies]);
    expect(find({ query: 'run' })).toEqual([lilies]);
    expect(find({ query: 'li' })).toEqual([lily, lilies]); // a prefix, as typed
    expect(find({ query: 'terr' })).toEqual([cafe]);
    expect(find({ query: 'cafe' })).toEqual([cafe]);
    expect(find({ query: '"lily pond"' })).toEqual([]);
    expect(find({ query: '"lilies on a pond"' })).toEqual([lilies]);
  });

  it('finds saved file names and input file names, following renames, and #123 finds job 123', () => {
    const a = s.add({ prompt: 'harbour at dawn', outputs: 1 });
    const [a0] = outputsOf(a) as [number];
    s.jobs.setOutputSaved(a0, '/Users/me/Client Work/2026-12-04_harbour_0042_1.png', null);
    const edit = s.add({ prompt: 'retouch', kind: 'edit' });
    s.jobs.addInputs(edit, [{ role: 'image', position: 1, assetHash: fakeHash('phone'), mime: 'image/jpeg', width: 8, height: 8, bytes: 10, name: 'IMG_7781.HEIC' }]);
    expect(find({ query: '2026-12-04_harbour_0042_1.png' })).toEqual([a]);
    expect(find({ query: '0042' })).toEqual([a]);
    expect(find({ query: '2026-12-04_harb' })).toEqual([a]); // the start of a name, as typed
    expect(find({ query: 'Client Work' })).toEqual([]);
    expect(find({ query: 'IMG_7781' })).toEqual([edit]);
    s.jobs.setOutputSaved(a0, '/Users/me/renamed.png', null);
    expect(find({ query: '0042' })).toEqual([]);
    expect(find({ query: 'renamed' })).toEqual([a]);

    // A name typed whole or from its start is one compact token; every separator the index takes out, the query does too.
    const odd = s.add({ prompt: 'odd name', outputs: 1 });
    s.jobs.setOutputSaved(outputsOf(odd)[0]!, "/x/Shot [v2] (final) {a}, b+c & d's #1 !@=~;%$.PNG", null);
    expect(find({ query: "Shot_[v2]_(final)_{a},_b+c_&_d's_#1_!@=~;%$.PNG" })).toEqual([odd]);
    expect(find({ query: 'Shot_[v2]_(fin' })).toEqual([odd]);

    expect(find({ query: `#${edit}` })).toEqual([edit]);
    expect(find({ query: `#${a} harbour` })).toEqual([a]);
    expect(find({ query: `#${a} retouch` })).toEqual([]);
    expect(find({ query: '#999999' })).toEqual([]);
    expect(splitJobNumbers('#12 fox #12 #x a#3')).toEqual({ text: 'fox  #x a#3', jobIds: [12] });
  });

  it('lists moderation refusals and exports them as CSV with categories and request ids', async () => {
    const refused = s.add({ prompt: '=HYPERLINK("x") a fight scene', status: 'failed', requestIds: ['req_attempt1'] });
    s.db
      .prepare('UPDATE jobs SET error = ? WHERE id = ?')
      .run(JSON.stringify({ code: 'MODERATION_BLOCKED', message: "OpenAI's safety system rejected the request (violence).", detail: { requestId: 'req_refused', categories: ['violence', 'gore'], stage: 'input' } }), refused);
    const limited = s.add({ status: 'failed' });
    s.db.prepare('UPDATE jobs SET error = ? WHERE id = ?').run(JSON.stringify({ code: 'RATE_LIMITED', message: 'slow down' }), limited);
    expect(find({ refused: true })).toEqual([refused]);
    expect(s.search.explain({ refused: true }).join(' ')).toContain('jobs_refused');

    const events: JobEvent[] = [];
    const h = organiseHandlers({ jobs: s.jobs, marks, search: s.search, emit: (e) => events.push(e), now: () => Date.UTC(2026, 11, 4) });
    const r = await h['history:refusals-csv']({ filter: { sort: 'newest' } });
    expect(r.rows).toBe(1);
    expect(r.fileName).toBe('loupe-refusals-2026-12-04.csv');
    const lines = r.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Job,Date (UTC),Model,Kind,Stage,Categories,Request ids,Prompt,Message');
    expect(lines[1]).toContain(`${refused},`);
    expect(lines[1]).toContain(',input,violence; gore,req_refused req_attempt1,');
    // A prompt that looks like a formula is written as text.
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"") a fight scene"`);

    // Marking sends the job's new view to every window.
    const out = s.add({ outputs: 1 });
    await h['outputs:mark']({ outputIds: outputsOf(out), rating: 3 });
    expect(events.map((e) => (e.type === 'job' ? [e.job.id, e.job.outputs[0]?.rating] : null))).toEqual([[out, 3]]);
  });
});
