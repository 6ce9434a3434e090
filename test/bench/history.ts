/**
 * The history budgets on a library of 100,000 jobs, through the app's own search
 * (history:search returns every matching id, in order): full-text search (a word, a rare
 * word, a phrase, a prefix as typed), each filter alone, a gallery page of 100 jobs with
 * their outputs, inputs and tags from the middle of the history, and opening the database
 * with its migration check. Informational rows compare with the naive ways: LIKE '%word%'
 * instead of FTS, OFFSET instead of keyset.
 *
 * The library is generated with raw SQL in one transaction from a seeded generator, so
 * runs are comparable.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/core/db/connection';
import { MIGRATIONS, migrateTo } from '../../electron/core/db/migrations';
import { FTS_FILL_SQL } from '../../electron/core/db/migrations/010-organise';
import { JobsRepo } from '../../electron/core/db/jobs-repo';
import { JOB_COLUMNS } from '../../electron/core/db/job-rows';
import { HistorySearch } from '../../electron/core/db/history-search';
import type { HistoryFilter } from '../../electron/shared';
// The fake's seeded mulberry32: small and good enough to spread words and statuses.
import { rng } from '../fake-openai/images';
import { median, row, type BenchRow } from './report';

const JOBS = 100_000;
const RUNS = 30;
const WARMUP = 5;
const TWO_YEARS_MS = 2 * 365 * 24 * 3600 * 1000;
const END = Date.UTC(2026, 0, 1);

const SUBJECTS = `red fox,lighthouse,old fisherman,tabby cat,espresso cup,vintage bicycle,mountain cabin,koi pond,astronaut,street market,
  ballet dancer,paper boat,glass bottle,sunflower field,city skyline,wooden desk,brass compass,snowy owl,sailing ship,bonsai tree,
  leather boots,ceramic vase,robot,dragon,violin,tea garden,bakery window,subway station,desert caravan,coral reef,skateboarder,
  wedding bouquet,running shoe,perfume bottle,wristwatch,sports car,farmhouse kitchen,library reading room,jazz trio,hot air balloon`.split(',');
const SETTINGS = `at dusk,in fresh snow,on a rainy street,in golden hour light,under neon signs,on a foggy morning,at the beach,in a forest clearing,
  on a marble table,against a white background,in a busy cafe,on a rooftop,by the harbour,in a greenhouse,at midnight,in the desert,
  on a mountain ridge,in a minimalist studio,under cherry blossoms,beside a river`.split(',');
const STYLES = `oil painting,watercolor,studio photography,product shot,35mm film,isometric illustration,pencil sketch,anime style,
  cinematic still,flat vector art,low poly render,macro photograph,polaroid,charcoal drawing,ukiyo-e print,claymation,pixel art,
  editorial fashion photo,architectural rendering,children's book illustration`.split(',');
const EXTRAS = `soft shadows,high contrast,pastel palette,dramatic lighting,shallow depth of field,wide angle,symmetrical composition,
  muted colors,vivid colors,bokeh,rim light,overcast sky,long exposure,grainy texture,warm tones,cool tones,backlit,top-down view,
  close-up,negative space,logo on the left,brand colors teal and orange,no text,centered,rule of thirds,reflections,steam rising,
  motion blur,volumetric fog,hand-drawn lettering`.split(',');
/** Specific names people put in prompts (brands, places, people); each is in roughly 0.1% of jobs. */
const RARE = Array.from({ length: 300 }, (_, i) => `${['zan', 'kor', 'vel', 'mir', 'tas', 'qui', 'bro', 'fen', 'lux', 'dor'][i % 10]}${['ara', 'ello', 'ista', 'omir', 'uvia', 'enko', 'atto', 'ique', 'orra', 'ynth'][Math.floor(i / 10) % 10]}${i}`);
/** Two years of history: the shut-down models' jobs stay in it beside today's. */
const MODELS = ['gpt-image-1.5', 'gpt-image-2.6-sunburst', 'gpt-image-2.5-flare', 'gpt-image-2', 'gpt-image-1-mini', 'gpt-image-1'];
const SIZES = ['1024x1024', '1536x1024', '1024x1536', 'auto'];
const QUALITIES = ['low', 'medium', 'high', 'auto'];

/** Words and phrases people would look for, from frequent to rare; the runs cycle through them. */
const WORDS = ['fox', 'lighthouse', 'watercolor', 'neon', 'harbour', 'violin', 'bokeh', 'ukiyo', 'compass', 'greenhouse', 'espresso', 'claymation', 'dragon', 'teal', 'owl', 'skyline', 'charcoal', 'blossoms', 'caravan', 'bonsai'];
const RARE_WORDS = [RARE[3]!, RARE[41]!, RARE[77]!, RARE[120]!, RARE[199]!, RARE[250]!, RARE[298]!];
const PHRASES = ['"red fox"', '"golden hour"', '"oil painting"', '"snowy owl"', '"pixel art"', '"rainy street"', '"koi pond"', '"jazz trio"', '"soft shadows"', '"sports car"'];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
/** Front-loaded choice: early entries far more often, as real vocabularies are. */
const zipf = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(xs.length * r() ** 2)]!;

function prompt(r: () => number): string {
  const parts = [`${zipf(r, SUBJECTS).trim()} ${pick(r, SETTINGS).trim()}`, zipf(r, STYLES).trim()];
  const extras = Math.floor(r() * 5);
  for (let i = 0; i < extras; i++) parts.push(zipf(r, EXTRAS).trim());
  if (r() < 0.15) parts.push(`variation ${Math.floor(r() * 1000)}`);
  if (r() < 0.3) parts.push(`for ${pick(r, RARE)}`);
  return parts.join(', ');
}

const TAGS = ['client-acme', 'approved', 'print', 'social', 'hero', 'draft', 'retouch', 'moodboard', 'logo', 'portrait', 'v2', 'final', 'rejected', 'Q3 campaign', 'summer', 'winter', 'product', 'lookbook', 'team', 'billboard', 'web', 'newsletter', 'packaging', 'event', 'ideas', 'favourite-style', 'needs-fix', 'sent', 'archive', 'pitch'];
const PROJECTS = 20;

/** The triggers the generator suspends (row-by-row FTS upkeep) and restores as the migration wrote them. */
const BULK_TRIGGERS = ['jobs_fts_ai', 'job_tags_fts_ai', 'job_inputs_fts_ai'];

/**
 * Fills a fresh database; returns how many outputs it made. Bench-only shortcuts, none of
 * which changes the resulting file: a large page cache, foreign keys unchecked (the data is
 * consistent by construction), and the FTS index filled once at the end rather than row by
 * row by the insert triggers, which are put back exactly as the migration wrote them.
 * Besides jobs and outputs it makes what the filters look at: projects (half the jobs),
 * tags (one job in ten), favourites (3%), notes (2%), and edit inputs with a mask on 40% of edits.
 */
export function generateLibrary(db: Database.Database): number {
  db.pragma('cache_size = -524288');
  db.pragma('foreign_keys = OFF');
  const triggers = BULK_TRIGGERS.map((name) => db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?`).pluck().get(name) as string);
  const r = rng(20250101);
  const insJob = db.prepare(
    `INSERT INTO jobs (id, kind, status, model, prompt, params, estimate, usage, cost_usd, request_ids, error, attempts, parent_output_id, created_at, started_at, finished_at, project_id, favourite, notes)
     VALUES (@id, @kind, @status, @model, @prompt, @params, NULL, @usage, @cost, @rids, @error, 1, @parent, @at, @at, @done, @project, @favourite, @notes)`,
  );
  // As JobsRepo.create records it (the fidelity filter reads the column, not params).
  const setFidelity = db.prepare(
    `UPDATE jobs SET input_fidelity = CASE WHEN model LIKE 'gpt-image-2%' THEN 'high' WHEN model = 'gpt-image-1-mini' THEN NULL ELSE COALESCE(json_extract(params, '$.inputFidelity'), 'low') END WHERE kind = 'edit'`,
  );
  const insAsset = db.prepare('INSERT INTO assets (hash, mime, width, height, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insOutput = db.prepare('INSERT INTO outputs (id, job_id, idx, asset_hash, saved_path, rating, flag, label, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  // The job's best rating, any pick and any flag, as the marks trigger keeps them.
  const setMarks = db.prepare(
    "UPDATE jobs SET rating = (SELECT MAX(o.rating) FROM outputs o WHERE o.job_id = jobs.id), favourite = favourite OR EXISTS (SELECT 1 FROM outputs o WHERE o.job_id = jobs.id AND o.flag = 'pick'), flagged = EXISTS (SELECT 1 FROM outputs o WHERE o.job_id = jobs.id AND o.flag IS NOT NULL) WHERE id IN (SELECT job_id FROM outputs WHERE rating > 0 OR flag = 'pick')",
  );
  const insInput = db.prepare('INSERT INTO job_inputs (job_id, position, role, asset_hash, name) VALUES (?, ?, ?, ?, ?)');
  const insJobTag = db.prepare('INSERT OR IGNORE INTO job_tags (job_id, tag_id) VALUES (?, ?)');
  let outputId = 0;
  const hashes: string[] = [];
  db.transaction(() => {
    for (const name of BULK_TRIGGERS) db.exec(`DROP TRIGGER ${name}`);
    for (let p = 1; p <= PROJECTS; p++) db.prepare('INSERT INTO projects (id, name, budget_usd, created_at) VALUES (?, ?, ?, ?)').run(p, `Project ${p}`, p % 3 === 0 ? 500 : null, END - TWO_YEARS_MS);
    TAGS.forEach((t, i) => db.prepare('INSERT INTO tags (id, name) VALUES (?, ?)').run(i + 1, t));
    const mask = randomBytes(32).toString('hex');
    insAsset.run(mask, 'image/png', 1024, 1024, 20_000, END - TWO_YEARS_MS);
    for (let id = 1; id <= JOBS; id++) {
      const at = END - TWO_YEARS_MS + Math.floor((id / JOBS) * TWO_YEARS_MS);
      const roll = r();
      const status = roll < 0.86 ? 'succeeded' : roll < 0.94 ? 'failed' : roll < 0.97 ? 'canceled' : 'interrupted';
      const kind = r() < 0.7 ? 'generate' : 'edit';
      const model = pick(r, MODELS);
      const text = prompt(r);
      const n = 1 + Math.floor(r() * 4);
      const size = pick(r, SIZES);
      const fidelity = kind === 'edit' && model === 'gpt-image-1.5' ? { inputFidelity: pick(r, ['low', 'high'] as const) } : {};
      const params = { model, prompt: text, n, size, quality: pick(r, QUALITIES), outputFormat: pick(r, ['png', 'jpeg', 'webp']), background: 'auto', moderation: 'auto', stream: true, partialImages: 2, ...fidelity };
      const ok = status === 'succeeded';
      insJob.run({
        id,
        kind,
        status,
        model,
        prompt: text,
        params: JSON.stringify(params),
        usage: ok ? JSON.stringify({ inputTextTokens: 20 + Math.floor(r() * 80), inputImageTokens: kind === 'edit' ? 1000 : 0, outputImageTokens: 4160 * n, outputTextTokens: 0 }) : null,
        cost: ok ? Math.round(r() * 40 * n) / 100 : null,
        rids: JSON.stringify([`req_${randomBytes(8).toString('hex')}`]),
        error: status === 'failed' ? failure(r) : null,
        parent: kind === 'edit' && outputId > 0 ? 1 + Math.floor(r() * outputId) : null,
        at,
        done: at + 15_000,
        project: r() < 0.5 ? 1 + Math.floor(r() * PROJECTS) : null,
        favourite: r() < 0.03 ? 1 : 0,
        notes: r() < 0.02 ? `client asked for ${pick(r, RARE)} variant` : '',
      });
      if (kind === 'edit' && hashes.length > 0) {
        insInput.run(id, 0, 'image', pick(r, hashes), 'photo.jpg');
        if (r() < 0.4) insInput.run(id, 0, 'mask', mask, 'mask.png');
      }
      if (r() < 0.1) for (let k = 0; k < 1 + Math.floor(r() * 2); k++) insJobTag.run(id, 1 + Math.floor(zipfIndex(r, TAGS.length)));
      if (!ok) continue;
      for (let k = 0; k < n; k++) {
        const hash = randomBytes(32).toString('hex');
        insAsset.run(hash, 'image/png', 1024, 1024, 1_500_000 + Math.floor(r() * 1_000_000), at);
        // Saved as the default naming makes them; a few are rated, flagged or labelled.
        const saved = `/home/user/Pictures/Loupe/${new Date(at).toISOString().slice(0, 10)}_${text.split(',')[0]!.trim().replace(/\s+/g, '-').slice(0, 40)}_${id}_${k + 1}.png`;
        const marked = r() < 0.08;
        insOutput.run(++outputId, id, k, hash, saved, marked ? 1 + Math.floor(r() * 5) : 0, marked && r() < 0.4 ? pick(r, ['pick', 'reject']) : null, marked && r() < 0.3 ? pick(r, LABELS) : null, at);
        if (r() < 0.05) hashes.push(hash);
      }
    }
    setFidelity.run();
    setMarks.run();
    // The same rows the migration's triggers write: prompt, tags, notes, and file names.
    db.exec(FTS_FILL_SQL);
    for (const sql of triggers) db.exec(sql);
  })();
  return outputId;
}

const zipfIndex = (r: () => number, n: number): number => Math.floor(n * r() ** 2);
const LABELS = ['red', 'yellow', 'green', 'blue', 'purple'] as const;

/** One failure in eight is a moderation refusal (with its categories and request id), the rest rate limits. */
function failure(r: () => number): string {
  if (r() < 0.125) {
    const requestId = `req_${randomBytes(8).toString('hex')}`;
    return JSON.stringify({ code: 'MODERATION_BLOCKED', message: "OpenAI's safety system rejected the request (violence).", detail: { requestId, categories: ['violence'], stage: 'input' } });
  }
  return JSON.stringify({ code: 'RATE_LIMITED', message: 'Rate limited' });
}

/**
 * The one-time cost of migration 004 on a large library: the same jobs, outputs and
 * inputs in a schema-3 database (copied from the generated one), then migrated.
 */
function upgradeFrom3(current: string, file: string): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrateTo(db, MIGRATIONS, 3);
  db.prepare('ATTACH DATABASE ? AS cur').run(current);
  db.transaction(() => {
    db.exec('INSERT INTO assets SELECT * FROM cur.assets');
    db.exec(`INSERT INTO jobs (id, kind, status, model, prompt, params, estimate, usage, cost_usd, request_ids, error, attempts, parent_output_id, created_at, started_at, finished_at)
      SELECT id, kind, status, model, prompt, params, estimate, usage, cost_usd, request_ids, error, attempts, NULL, created_at, started_at, finished_at FROM cur.jobs`);
    // Named columns: later migrations added columns a schema-3 table does not have.
    const cols = 'id, job_id, idx, asset_hash, locked_asset_hash, metrics, saved_path, save_error, created_at';
    db.exec(`INSERT INTO outputs (${cols}) SELECT ${cols} FROM cur.outputs`);
    db.exec('INSERT INTO job_inputs SELECT * FROM cur.job_inputs');
  })();
  db.exec('DETACH DATABASE cur');
  const t = performance.now();
  migrateTo(db, MIGRATIONS);
  const ms = performance.now() - t;
  db.close();
  return ms;
}

function timeRuns(fn: (i: number) => void): number {
  for (let i = 0; i < WARMUP; i++) fn(i);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn(i);
    times.push(performance.now() - t);
  }
  return median(times);
}

export async function benchHistory(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'loupe-bench-history-'));
  const file = join(dir, 'loupe.sqlite');
  const rows: BenchRow[] = [];
  try {
    let db = openDatabase(file);
    const t0 = performance.now();
    const outputs = generateLibrary(db);
    rows.push(row(`history: generate ${JOBS.toLocaleString('en')} jobs, ${outputs.toLocaleString('en')} outputs (one transaction, FTS filled once)`, (performance.now() - t0) / 1000, 's', null));
    db.close();
    rows.push(row('history: database file size', (await stat(file)).size / 1024 ** 2, 'MB', null));

    rows.push(row('history 100k: open database + migration check', timeRuns(() => openDatabase(file).close()), 'ms', 200));
    rows.push(row('history 100k: upgrade a schema-3 library to this schema (once, FTS re-indexed)', upgradeFrom3(file, join(dir, 'v3.sqlite')), 'ms', null));

    db = openDatabase(file);
    const history = new HistorySearch(db);
    const find = (query: string, more: Partial<HistoryFilter> = {}) => history.search({ query, sort: 'newest', ...more }).ids;
    for (const w of [...WORDS, ...RARE_WORDS, ...PHRASES]) if (find(w).length === 0) throw new Error(`bench vocabulary: "${w}" matches nothing`);
    // A LIKE scan over every prompt is the naive way the FTS index is compared with.
    const like = db.prepare('SELECT id FROM jobs WHERE prompt LIKE ? ORDER BY id DESC').pluck();
    const likeWord = timeRuns((i) => like.all(`%${WORDS[i % WORDS.length]}%`));
    const likeRare = timeRuns((i) => like.all(`%${RARE_WORDS[i % RARE_WORDS.length]}%`));
    const naiveLike = (value: number) => ({ value, way: "LIKE '%word%' over every prompt" });
    const ftsWord = timeRuns((i) => find(WORDS[i % WORDS.length]!));
    const common = find(WORDS[0]!).length;
    rows.push(row(`history 100k: search one common word, every match in order (FTS5; "${WORDS[0]}": ${common} ids)`, ftsWord, 'ms', 10, { naive: naiveLike(likeWord) }));
    const ftsRare = timeRuns((i) => find(RARE_WORDS[i % RARE_WORDS.length]!));
    rows.push(row('history 100k: search one rare word (~100 matches) (FTS5)', ftsRare, 'ms', 10, { naive: naiveLike(likeRare) }));
    rows.push(row('history 100k: search two-word phrase (FTS5)', timeRuns((i) => find(PHRASES[i % PHRASES.length]!)), 'ms', 10));
    rows.push(row('history 100k: search as you type, 3-letter prefix', timeRuns((i) => find(WORDS[i % WORDS.length]!.slice(0, 3))), 'ms', 10));
    // Stemming: a plural finds the singular and back ("boats" → "paper boat"), and a saved file's name, a job number.
    rows.push(row('history 100k: search a stemmed plural (porter; "boats", "bottles", "boots")', timeRuns((i) => find(['boats', 'bottles', 'boots'][i % 3]!)), 'ms', 10));
    rows.push(row('history 100k: search a saved file name ("..._4321_1.png")', timeRuns((i) => find(`${(4321 + i * 997) % JOBS}_1.png`)), 'ms', 10));
    rows.push(row('history 100k: search a job number (#12345)', timeRuns((i) => find(`#${12_345 + i}`)), 'ms', 10));
    rows.push(row('history 100k: search a word + model + status + project', timeRuns((i) => find(WORDS[i % WORDS.length]!, { models: ['gpt-image-2.6-sunburst'], statuses: ['succeeded'], projectId: 1 + (i % PROJECTS) })), 'ms', 10));

    // Filters alone: the filter chips. Those that narrow are searches (10 ms); those that
    // list about all of the history (every job, half of it, a sort over all) are what the
    // gallery asks for when it opens, so they get the gallery page's budget.
    const filters: [string, Partial<HistoryFilter>, number][] = [
      ['favourites', { favourite: true }, 10],
      ['a tag', { tags: ['approved'] }, 10],
      ['a project', { projectId: 7 }, 10],
      ['model + failed', { models: ['gpt-image-2'], statuses: ['failed'] }, 10],
      ['edits with a mask', { kinds: ['edit'], hasMask: true }, 10],
      ['high fidelity', { fidelity: 'high' }, 10],
      ['last 30 days', { from: END - 30 * 24 * 3600 * 1000 }, 10],
      ['no filter, every id newest first', {}, 20],
      ['no project', { projectId: null }, 20],
      ['every id by cost, highest first', { sort: 'cost-desc' }, 20],
      ['every id by cost, lowest first', { sort: 'cost-asc' }, 20],
      ['3 stars and up', { minRating: 3 }, 10],
      ['picked', { flag: 'pick' }, 10],
      ['rejected', { flag: 'reject' }, 10],
      ['a colour label', { label: 'green' }, 10],
      ['moderation refusals', { refused: true }, 10],
      ['unflagged', { flag: 'none' }, 20],
      ['every id by best rating', { sort: 'rating-desc' }, 20],
    ];
    for (const [label, f, budget] of filters) {
      const n = history.search({ sort: 'newest', ...f }).total;
      rows.push(row(`history 100k: filter ${label} (${n.toLocaleString('en')} ids)`, timeRuns(() => history.search({ sort: 'newest', ...f })), 'ms', budget));
    }

    const repo = new JobsRepo(db);
    const r = rng(7);
    // Somewhere in the middle of the history, a different place each run.
    const mid = () => Math.floor(JOBS * (0.4 + r() * 0.2));
    const all = history.search({ sort: 'newest' }).ids;
    rows.push(row('history 100k: gallery page, 100 jobs by id with outputs, inputs, tags (get-many)', timeRuns(() => {
      const at = JOBS - mid();
      repo.getMany(all.slice(at, at + 100));
    }), 'ms', 20));
    rows.push(row('history 100k: history:list page of 100 jobs, mid-history (keyset)', timeRuns(() => repo.list({ limit: 100, before: mid() })), 'ms', 20));

    // The same page of 100 rows halfway down, by keyset and by the naive OFFSET.
    const offset = db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs ORDER BY id DESC LIMIT 100 OFFSET ?`);
    const keyset = db.prepare(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id < ? ORDER BY id DESC LIMIT 100`);
    const deep = JOBS / 2;
    const offsetMs = timeRuns(() => offset.all(deep));
    const keysetMs = timeRuns(() => keyset.all(JOBS + 1 - deep));
    rows.push(row(`history 100k: raw page of 100 rows ${deep.toLocaleString('en')} deep (keyset)`, keysetMs, 'ms', null, { naive: { value: offsetMs, way: `OFFSET ${deep}` } }));
    db.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
