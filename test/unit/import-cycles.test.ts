/**
 * No import cycles in electron/ or renderer/src: a cycle makes module initialisation order matter (a value
 * read before its module ran is undefined) and ties files that should stand alone. Type-only
 * imports count too: they are what let a cycle in unnoticed before a value import closes it.
 * A small walk over relative imports, so it needs no extra tool.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRCS = ['electron', 'renderer/src'].map((d) => join(ROOT, d));
const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+['"](\.{1,2}\/[^'"]+)['"]|(?:^|\n)\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/g;

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try {
      if (statSync(c).isFile()) return c;
    } catch {
      // try the next form
    }
  }
  return null;
}

function findCycles(all: string[]): string[][] {
  const edges = new Map<string, string[]>();
  for (const f of all) {
    const text = readFileSync(f, 'utf8');
    const deps: string[] = [];
    for (const m of text.matchAll(IMPORT_RE)) {
      const target = resolveImport(f, (m[1] ?? m[2])!);
      if (target) deps.push(target);
    }
    edges.set(f, deps);
  }
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const d of edges.get(f) ?? []) {
      if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].map((p) => relative(ROOT, p)));
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of all) if (!state.has(f)) visit(f);
  return cycles;
}

describe('imports', () => {
  it('electron/ and renderer/src have no import cycles', () => {
    expect(findCycles(SRCS.flatMap((d) => files(d)))).toEqual([]);
  });
});
