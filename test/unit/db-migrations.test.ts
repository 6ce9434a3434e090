import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { MIGRATIONS, SCHEMA_VERSION, migrate, migrateTo, userVersion, type Migration } from '../../electron/core/db/migrations';
import { JobStatusSchema, LoupeError } from '../../electron/shared';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loupe-db-mig-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function fresh(name = 'lib.sqlite'): Database.Database {
  const db = new Database(join(dir, name));
  db.pragma('foreign_keys = ON');
  return db;
}

const names = (db: Database.Database, type: string): string[] =>
  (db.prepare('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name').pluck().all(type) as string[]).filter((n) => !n.startsWith('sqlite_'));

const sha = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

describe('migration 001 (initial)', () => {
  it('creates strict tables with checks and foreign keys', () => {
    const db = fresh();
    expect(migrateTo(db, MIGRATIONS, 1)).toEqual({ from: 0, to: 1 });
    expect(userVersion(db)).toBe(1);
    expect(names(db, 'table')).toEqual(['assets', 'job_inputs', 'jobs', 'outputs', 'settings']);

    const hash = 'a'.repeat(64);
    db.prepare("INSERT INTO assets VALUES (?, 'image/png', 10, 10, 100, 1)").run(hash);
    const job = db
      .prepare("INSERT INTO jobs (kind, status, model, prompt, params, created_at) VALUES ('generate', 'queued', 'm', 'p', '{}', 1)")
      .run().lastInsertRowid;
    db.prepare('INSERT INTO outputs (job_id, idx, asset_hash, created_at) VALUES (?, 0, ?, 2)').run(job, hash);
    db.prepare("INSERT INTO job_inputs VALUES (?, 0, 'image', ?)").run(job, hash);
    expect(db.prepare('SELECT request_ids, attempts FROM jobs').get()).toEqual({ request_ids: '[]', attempts: 0 });

    // STRICT: a text where an INTEGER belongs is an error, not a silent coercion.
    expect(() => db.prepare("INSERT INTO assets VALUES (?, 'image/png', 'wide', 10, 100, 1)").run('b'.repeat(64))).toThrow(/cannot store TEXT/);
    // CHECK constraints on kind, status and role.
    const badJob = (kind: string, status: string) =>
      db.prepare('INSERT INTO jobs (kind, status, model, prompt, params, created_at) VALUES (?, ?, ?, ?, ?, 1)').run(kind, status, 'm', 'p', '{}');
    expect(() => badJob('upscale', 'queued')).toThrow(/CHECK/);
    expect(() => badJob('edit', 'paused')).toThrow(/CHECK/);
    for (const status of JobStatusSchema.options) expect(() => badJob('edit', status)).not.toThrow();
    expect(() => db.prepare("INSERT INTO job_inputs VALUES (?, 1, 'logo', ?)").run(job, hash)).toThrow(/CHECK/);
    // Foreign keys and cascades.
    expect(() => db.prepare('INSERT INTO outputs (job_id, idx, asset_hash, created_at) VALUES (?, 1, ?, 2)').run(job, 'c'.repeat(64))).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare('INSERT INTO outputs (job_id, idx, asset_hash, created_at) VALUES (?, 0, ?, 2)').run(job, hash)).toThrow(/UNIQUE/);
    const out = db.prepare('SELECT id FROM outputs').pluck().get() as number;
    const child = db
      .prepare("INSERT INTO jobs (kind, status, model, prompt, params, parent_output_id, created_at) VALUES ('edit', 'queued', 'm', 'p', '{}', ?, 3)")
      .run(out).lastInsertRowid;
    db.prepare('DELETE FROM jobs WHERE id = ?').run(job);
    expect(db.prepare('SELECT COUNT(*) FROM outputs').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM job_inputs').pluck().get()).toBe(0);
    expect(db.prepare('SELECT parent_output_id FROM jobs WHERE id = ?').pluck().get(child)).toBeNull();
    db.close();
  });
});

describe('migration 002 (history search)', () => {
  it('indexes prompts written before it and follows later changes', () => {
    const db = fresh();
    migrateTo(db, MIGRATIONS, 1);
    const insert = db.prepare("INSERT INTO jobs (kind, status, model, prompt, params, created_at) VALUES ('generate', 'queued', 'm', ?, '{}', 1)");
    const before = Number(insert.run('a red fox in the snow').lastInsertRowid);

    expect(migrateTo(db, MIGRATIONS, 2)).toEqual({ from: 1, to: 2 });
    expect(names(db, 'trigger')).toEqual(['jobs_fts_ad', 'jobs_fts_ai', 'jobs_fts_au']);
    const match = (q: string) => db.prepare('SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ? ORDER BY rowid').pluck().all(q);
    expect(match('fox')).toEqual([before]);

    const after = Number(insert.run('Café crème on a marble table').lastInsertRowid);
    expect(match('cafe')).toEqual([after]);
    db.prepare("UPDATE jobs SET prompt = 'a grey wolf' WHERE id = ?").run(before);
    expect(match('fox')).toEqual([]);
    expect(match('wolf')).toEqual([before]);
    db.prepare('DELETE FROM jobs WHERE id = ?').run(after);
    expect(match('marble')).toEqual([]);
    db.exec("INSERT INTO jobs_fts (jobs_fts) VALUES ('integrity-check')");
    db.close();
  });
});

describe('migration 003 (edit studio)', () => {
  it('adds asset roles and input names, keeping what was there', () => {
    const db = fresh();
    migrateTo(db, MIGRATIONS, 2);
    const hash = 'a'.repeat(64);
    db.prepare("INSERT INTO assets VALUES (?, 'image/jpeg', 200, 300, 100, 1)").run(hash);
    const job = db
      .prepare("INSERT INTO jobs (kind, status, model, prompt, params, created_at) VALUES ('edit', 'succeeded', 'm', 'p', '{}', 1)")
      .run().lastInsertRowid;
    db.prepare("INSERT INTO job_inputs VALUES (?, 0, 'image', ?)").run(job, hash);

    expect(migrateTo(db, MIGRATIONS, 3)).toEqual({ from: 2, to: 3 });
    expect(names(db, 'table')).toContain('asset_meta');
    expect(names(db, 'index')).toContain('asset_meta_recent');
    // Inputs recorded before keep their rows, without a name.
    expect(db.prepare('SELECT position, role, asset_hash, name FROM job_inputs').all()).toEqual([{ position: 0, role: 'image', asset_hash: hash, name: null }]);
    db.prepare("UPDATE job_inputs SET name = 'turned.jpg'").run();

    const insert = db.prepare('INSERT INTO asset_meta (hash, kind, name, sources, width, height, edited_share, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 5)');
    insert.run(hash, 'input', 'turned.jpg', '[]', 300, 200, null);
    // The same bytes may play another role; each role once.
    insert.run(hash, 'mask', 'as-mask.png', '[]', 300, 200, 0.25);
    expect(() => insert.run(hash, 'mask', 'again.png', '[]', 300, 200, 0.25)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => insert.run(hash, 'thumbnail', null, '[]', null, null, null)).toThrow(/CHECK/);
    expect(() => insert.run('b'.repeat(64), 'input', null, '[]', null, null, null)).toThrow(/FOREIGN KEY/);
    expect(() => insert.run(hash, 'composite', null, '[]', 'wide', 200, null)).toThrow(/cannot store TEXT/);
    expect(db.prepare("SELECT sources FROM asset_meta WHERE kind = 'input'").pluck().get()).toBe('[]');
    db.close();
  });
});

describe('migration 004 (library)', () => {
  it('adds projects, favourites, notes and tags, backfills the filter columns, and re-indexes text', () => {
    const db = fresh();
    migrateTo(db, MIGRATIONS, 3);
    const photo = 'a'.repeat(64);
    const mask = 'b'.repeat(64);
    db.prepare("INSERT INTO assets VALUES (?, 'image/png', 10, 10, 100, 1)").run(photo);
    db.prepare("INSERT INTO assets VALUES (?, 'image/png', 10, 10, 100, 1)").run(mask);
    const job = (kind: string, model: string, prompt: string, params: object) =>
      Number(db.prepare('INSERT INTO jobs (kind, status, model, prompt, params, created_at) VALUES (?, ?, ?, ?, ?, 1)').run(kind, 'succeeded', model, prompt, JSON.stringify(params)).lastInsertRowid);
    const gen = job('generate', 'gpt-image-1.5', 'a red fox in the snow', {});
    const high = job('edit', 'gpt-image-1.5', 'put a hat on it', { inputFidelity: 'high' });
    const always = job('edit', 'gpt-image-2', 'brighten the sky', {});
    const dflt = job('edit', 'gpt-image-1', 'remove the sign', {});
    const mini = job('edit', 'gpt-image-1-mini', 'sketch it', {});
    db.prepare("INSERT INTO job_inputs VALUES (?, 0, 'image', ?, 'p.png')").run(high, photo);
    db.prepare("INSERT INTO job_inputs VALUES (?, 0, 'mask', ?, 'm.png')").run(high, mask);

    expect(migrateTo(db, MIGRATIONS, 4)).toEqual({ from: 3, to: 4 });
    expect(names(db, 'table')).toEqual(expect.arrayContaining(['projects', 'tags', 'job_tags', 'jobs_fts']));
    expect(names(db, 'trigger').sort()).toEqual(['job_inputs_mask_ai', 'job_tags_fts_ad', 'job_tags_fts_ai', 'jobs_fts_ad', 'jobs_fts_ai', 'jobs_fts_au']);
    expect(names(db, 'index')).toEqual(expect.arrayContaining(['jobs_list', 'jobs_project', 'jobs_favourite', 'jobs_model', 'jobs_cost', 'job_tags_tag']));
    const facts = db.prepare('SELECT id, favourite, notes, project_id, input_fidelity, has_mask FROM jobs ORDER BY id').all();
    expect(facts).toEqual([
      { id: gen, favourite: 0, notes: '', project_id: null, input_fidelity: null, has_mask: 0 },
      { id: high, favourite: 0, notes: '', project_id: null, input_fidelity: 'high', has_mask: 1 },
      { id: always, favourite: 0, notes: '', project_id: null, input_fidelity: 'high', has_mask: 0 },
      { id: dflt, favourite: 0, notes: '', project_id: null, input_fidelity: 'low', has_mask: 0 },
      { id: mini, favourite: 0, notes: '', project_id: null, input_fidelity: null, has_mask: 0 },
    ]);

    const match = (q: string) => db.prepare('SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ? ORDER BY rowid').pluck().all(q);
    expect(match('fox')).toEqual([gen]); // written before the migration, indexed by it
    db.prepare("UPDATE jobs SET notes = 'client loved it' WHERE id = ?").run(always);
    const tag = Number(db.prepare("INSERT INTO tags (name) VALUES ('Print')").run().lastInsertRowid);
    db.prepare('INSERT INTO job_tags VALUES (?, ?)').run(dflt, tag);
    db.prepare('INSERT INTO job_tags VALUES (?, ?)').run(gen, tag);
    expect(match('client')).toEqual([always]);
    expect(match('print')).toEqual([gen, dflt]);
    expect(match('fox')).toEqual([gen]);
    db.prepare("UPDATE jobs SET status = 'failed', cost_usd = 1 WHERE id = ?").run(gen); // not an indexed column: no change
    expect(match('print')).toEqual([gen, dflt]);
    db.prepare('DELETE FROM job_tags WHERE job_id = ?').run(dflt);
    expect(match('print')).toEqual([gen]);
    // Deleting a tagged job: its tags and its index row go with it.
    db.prepare('DELETE FROM jobs WHERE id = ?').run(gen);
    expect(match('print')).toEqual([]);
    expect(match('fox')).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) FROM job_tags').pluck().get()).toBe(0);
    db.exec("INSERT INTO jobs_fts (jobs_fts) VALUES ('integrity-check')");

    // A mask added later sets the flag.
    db.prepare("INSERT INTO job_inputs VALUES (?, 0, 'mask', ?, 'm.png')").run(dflt, mask);
    expect(db.prepare('SELECT has_mask FROM jobs WHERE id = ?').pluck().get(dflt)).toBe(1);

    // Projects: unique names in any case; deleting one keeps its jobs, in no project.
    const project = Number(db.prepare("INSERT INTO projects (name, created_at) VALUES ('Acme', 1)").run().lastInsertRowid);
    expect(() => db.prepare("INSERT INTO projects (name, created_at) VALUES ('ACME', 1)").run()).toThrow(/UNIQUE/);
    db.prepare('UPDATE jobs SET project_id = ? WHERE id = ?').run(project, high);
    expect(() => db.prepare('UPDATE jobs SET project_id = 999 WHERE id = ?').run(high)).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM projects WHERE id = ?').run(project);
    expect(db.prepare('SELECT project_id FROM jobs WHERE id = ?').pluck().get(high)).toBeNull();
    expect(() => db.prepare('UPDATE jobs SET favourite = 2 WHERE id = ?').run(high)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO tags (name) VALUES ('print')").run()).toThrow(/UNIQUE/);
    // Deleting a tag takes it off every job.
    db.prepare('INSERT INTO job_tags VALUES (?, ?)').run(high, tag);
    db.prepare('DELETE FROM tags WHERE id = ?').run(tag);
    expect(db.prepare('SELECT COUNT(*) FROM job_tags').pluck().get()).toBe(0);
    db.close();
  });
});

describe('migration 006 (markup)', () => {
  const schemaOf = (db: Database.Database, name: string): string[] =>
    db.prepare('SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? ORDER BY type, name').all(name).map((r) => JSON.stringify(r));

  it('adds the markup role and kind and the effect column, keeping every row, index and trigger', () => {
    const db = fresh();
    migrateTo(db, MIGRATIONS, 5);
    const photo = 'a'.repeat(64);
    const mask = 'b'.repeat(64);
    const out = 'c'.repeat(64);
    for (const h of [photo, mask, out]) db.prepare("INSERT INTO assets VALUES (?, 'image/png', 10, 10, 100, 1)").run(h);
    const job = Number(
      db.prepare("INSERT INTO jobs (kind, status, model, prompt, params, created_at) VALUES ('edit', 'succeeded', 'gpt-image-2', 'put a hat on it', '{}', 1)").run().lastInsertRowid,
    );
    db.prepare("INSERT INTO job_inputs VALUES (?, 0, 'image', ?, 'p.png')").run(job, photo);
    db.prepare("INSERT INTO job_inputs VALUES (?, 1, 'image', ?, 'q.png')").run(job, out);
    db.prepare("INSERT INTO job_inputs VALUES (?, 0, 'mask', ?, 'm.png')").run(job, mask);
    const meta = db.prepare('INSERT INTO asset_meta (hash, kind, name, sources, width, height, edited_share, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    meta.run(photo, 'input', 'p.png', '[]', 10, 10, null, 5);
    meta.run(mask, 'mask', 'm.png', JSON.stringify([photo]), 10, 10, 0.25, 5);
    meta.run(mask, 'input', 'm-as-input.png', '[]', 10, 10, null, 5);
    db.prepare("INSERT INTO outputs (job_id, idx, asset_hash, locked_asset_hash, metrics, saved_path, saved_seal, created_at) VALUES (?, 0, ?, NULL, '{\"x\":1}', '/out/a.png', 'seal', 7)").run(job, out);
    db.prepare('INSERT INTO job_tags VALUES (?, ?)').run(job, Number(db.prepare("INSERT INTO tags (name) VALUES ('client')").run().lastInsertRowid));
    const rows = (sql: string) => db.prepare(sql).all();
    const inputsBefore = rows('SELECT * FROM job_inputs ORDER BY job_id, role, position');
    const metaBefore = rows('SELECT rowid, * FROM asset_meta ORDER BY rowid');
    const outputsBefore = rows('SELECT * FROM outputs');
    const jobsBefore = rows('SELECT * FROM jobs');
    const indexesBefore = schemaOf(db, 'job_inputs').filter((r) => !r.includes('"type":"table"'));

    expect(migrateTo(db, MIGRATIONS, 6)).toEqual({ from: 5, to: 6 });
    // Nothing lost or changed; outputs gain an empty effect.
    expect(rows('SELECT * FROM job_inputs ORDER BY job_id, role, position')).toEqual(inputsBefore);
    expect(rows('SELECT rowid, * FROM asset_meta ORDER BY rowid')).toEqual(metaBefore);
    expect(rows('SELECT * FROM outputs')).toEqual(outputsBefore.map((o) => ({ ...(o as object), markup_effect: null })));
    expect(rows('SELECT * FROM jobs')).toEqual(jobsBefore);
    expect(names(db, 'table')).not.toEqual(expect.arrayContaining(['job_inputs_new', 'asset_meta_new']));
    // The index and the mask trigger are back, with the text they had.
    expect(schemaOf(db, 'job_inputs').filter((r) => !r.includes('"type":"table"'))).toEqual(indexesBefore);
    expect(names(db, 'index')).toEqual(expect.arrayContaining(['job_inputs_asset', 'asset_meta_recent']));
    expect(names(db, 'trigger').sort()).toEqual(['job_inputs_mask_ai', 'job_tags_fts_ad', 'job_tags_fts_ai', 'jobs_fts_ad', 'jobs_fts_ai', 'jobs_fts_au']);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    // The new role and kind are accepted; others are still refused.
    const markup = 'd'.repeat(64);
    db.prepare("INSERT INTO assets VALUES (?, 'image/png', 10, 10, 100, 1)").run(markup);
    const job2 = Number(db.prepare("INSERT INTO jobs (kind, status, model, prompt, params, created_at) VALUES ('edit', 'queued', 'gpt-image-2.6-sunburst', 'p', '{}', 9)").run().lastInsertRowid);
    db.prepare("INSERT INTO job_inputs VALUES (?, 0, 'markup', ?, 'markup.png')").run(job2, markup);
    expect(() => db.prepare("INSERT INTO job_inputs VALUES (?, 0, 'logo', ?, 'x.png')").run(job2, markup)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO job_inputs VALUES (?, 1, 'image', ?, 'x.png')").run(job2, 'e'.repeat(64))).toThrow(/FOREIGN KEY/);
    meta.run(markup, 'markup', 'markup.png', JSON.stringify([photo]), 10, 10, null, 9);
    expect(() => meta.run(markup, 'sticker', null, '[]', 10, 10, null, 9)).toThrow(/CHECK/);
    // A markup is not a mask: the filter flag stays off. A mask still sets it.
    expect(db.prepare('SELECT has_mask FROM jobs WHERE id = ?').pluck().get(job2)).toBe(0);
    db.prepare("INSERT INTO job_inputs VALUES (?, 0, 'mask', ?, 'm.png')").run(job2, mask);
    expect(db.prepare('SELECT has_mask FROM jobs WHERE id = ?').pluck().get(job2)).toBe(1);
    db.prepare("UPDATE outputs SET markup_effect = '{\"verdict\":\"weak\"}'").run();
    // Deleting the job still cascades to its inputs.
    db.prepare('DELETE FROM jobs WHERE id = ?').run(job);
    expect(db.prepare('SELECT COUNT(*) FROM job_inputs WHERE job_id = ?').pluck().get(job)).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM outputs').pluck().get()).toBe(0);
    db.close();
  });

  it('leaves the same schema as a fresh database', () => {
    const a = fresh('a.sqlite');
    migrateTo(a, MIGRATIONS, 5);
    migrateTo(a, MIGRATIONS, 6);
    // And on to the newest, one step at a time (007 kits after 006 markup).
    for (let v = 7; v <= SCHEMA_VERSION; v++) migrateTo(a, MIGRATIONS, v);
    const b = fresh('b.sqlite');
    migrate(b);
    const schema = (db: Database.Database) => db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all();
    expect(schema(a)).toEqual(schema(b));
    a.close();
    b.close();
  });
});

describe('runner', () => {
  it('runs all pending migrations in one transaction: a failure changes nothing', () => {
    const db = fresh();
    const failing: Migration = {
      version: SCHEMA_VERSION + 1,
      name: 'boom',
      up(d) {
        d.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        throw new Error('boom');
      },
    };
    expect(() => migrateTo(db, [...MIGRATIONS, failing])).toThrow('boom');
    expect(userVersion(db)).toBe(0);
    expect(names(db, 'table')).toEqual([]);

    // From a partly migrated database too: the earlier version stays intact.
    migrateTo(db, MIGRATIONS, 1);
    const schemaBefore = db.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all();
    expect(() => migrateTo(db, [...MIGRATIONS, failing])).toThrow('boom');
    expect(userVersion(db)).toBe(1);
    expect(db.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all()).toEqual(schemaBefore);
    db.close();
  });

  it('rejects gaps, duplicates and lists not starting at 1', () => {
    const db = fresh();
    const m = (version: number): Migration => ({ version, name: `m${version}`, up: () => undefined });
    expect(() => migrateTo(db, [m(1), m(3)])).toThrow(/expected 2/);
    expect(() => migrateTo(db, [m(1), m(1)])).toThrow(/expected 2/);
    expect(() => migrateTo(db, [m(2)])).toThrow(/expected 1/);
    expect(userVersion(db)).toBe(0);
    expect(MIGRATIONS.map((x) => x.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    db.close();
  });

  it('is idempotent once current', () => {
    const db = fresh();
    expect(migrate(db)).toEqual({ from: 0, to: SCHEMA_VERSION });
    expect(migrate(db)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    db.close();
  });
});

describe('openDatabase', () => {
  it('configures the connection and migrates; re-opening is a no-op', async () => {
    const file = join(dir, 'loupe.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(userVersion(db)).toBe(SCHEMA_VERSION);
    db.prepare("INSERT INTO settings VALUES ('k', 'v')").run();
    const schema = db.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all();
    db.close();

    const again = openDatabase(file);
    expect(userVersion(again)).toBe(SCHEMA_VERSION);
    expect(again.prepare('SELECT sql FROM sqlite_master ORDER BY name').pluck().all()).toEqual(schema);
    expect(again.prepare("SELECT value FROM settings WHERE key = 'k'").pluck().get()).toBe('v');
    again.close();
  });

  for (const mode of ['delete', 'wal'] as const) {
    it(`refuses a database from a newer Loupe without touching it (${mode} journal)`, async () => {
      const file = join(dir, `newer-${mode}.sqlite`);
      const w = new Database(file);
      w.pragma(`journal_mode = ${mode}`);
      w.exec("CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('from the future')");
      w.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      w.close();
      const before = await sha(file);

      let caught: unknown;
      try {
        openDatabase(file);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(LoupeError);
      const e = caught as LoupeError;
      expect(e.code).toBe('DATABASE_TOO_NEW');
      expect(e.message).toContain(`schema ${SCHEMA_VERSION + 1}, this version knows ${SCHEMA_VERSION}`);
      expect(e.detail?.path).toBe(file);
      expect(await sha(file)).toBe(before);

      // The file is closed (not locked) and still readable by the newer version.
      const r = new Database(file);
      expect(r.prepare('SELECT x FROM future').pluck().get()).toBe('from the future');
      expect(r.pragma('journal_mode', { simple: true })).toBe(mode);
      r.close();
    });
  }
});
