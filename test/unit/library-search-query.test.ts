import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/connection';
import { SEARCH_PAGE_SQL, toFtsQuery } from '../../electron/core/library/search-query';

let dir: string;
let db: Database.Database;
const PROMPTS = ['a red fox in snow', 'the fox is red', 'lighthouse at dusk', 'café "noir" at night', 'red lighthouse, fox-shaped cloud'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loupe-search-'));
  db = openDatabase(join(dir, 'loupe.sqlite'));
  const ins = db.prepare(`INSERT INTO jobs (kind, status, model, prompt, params, created_at) VALUES ('generate', 'succeeded', 'm', ?, '{}', 1)`);
  for (const p of PROMPTS) ins.run(p);
});
afterAll(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const search = (text: string, prefix = false, before = Number.MAX_SAFE_INTEGER, limit = 50): number[] => {
  const q = toFtsQuery(text, { prefix });
  return q === null ? [] : (db.prepare(SEARCH_PAGE_SQL).pluck().all(q, before, limit) as number[]);
};

describe('toFtsQuery', () => {
  it('quotes every term', () => {
    expect(toFtsQuery('red fox')).toBe('"red" "fox"');
    expect(toFtsQuery('"red fox" snow')).toBe('"red fox" "snow"');
    expect(toFtsQuery('say "hi')).toBe('"say" "hi"');
    expect(toFtsQuery('ligh', { prefix: true })).toBe('"ligh"*');
    expect(toFtsQuery('"red fox"', { prefix: true })).toBe('"red fox"');
    expect(toFtsQuery('   ')).toBeNull();
    expect(toFtsQuery('" - * ( )')).toBeNull();
  });

  it('finds words, phrases and prefixes, newest first', () => {
    expect(search('red fox')).toEqual([5, 2, 1]);
    expect(search('"red fox"')).toEqual([1]);
    expect(search('ligh', true)).toEqual([5, 3]);
    expect(search('cafe')).toEqual([4]);
    expect(search('fox', false, 5, 1)).toEqual([2]);
  });

  it('never lets typed text become FTS5 syntax or an error', () => {
    for (const text of ['OR', 'NOT fox', 'fox AND', 'prompt:fox', 'NEAR(red fox)', '"', '""', 'fox*', '^red', '(red', 'a"b"c', '\u0000', 'x'.repeat(5000), 'noir"']) {
      expect(() => search(text)).not.toThrow();
    }
    expect(search('NOT fox')).toEqual([]);
    expect(search('noir"')).toEqual([4]);
  });
});
