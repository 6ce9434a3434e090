/**
 * Hostile arguments for fuzzing the channels (fast-check): wrong types, huge and odd
 * strings, path traversal aimed at a canary folder, prototype-pollution keys, NaN and
 * negative ids, URLs of every scheme. Objects are built over each channel's own field names
 * (read from its zod schema) so the values reach past the first "unknown key" check.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { CONTRACT, type ChannelName } from '../../../electron/shared';

/** Field names of a channel's request object, when it is one. */
export function fieldsOf(channel: ChannelName): string[] {
  const schema = CONTRACT[channel].request as z.ZodType & { shape?: Record<string, unknown>; def?: { in?: { shape?: Record<string, unknown> } } };
  const shape = schema.shape ?? schema.def?.in?.shape;
  return shape ? Object.keys(shape) : [];
}

/**
 * Paths a compromised renderer might try: into a canary folder beside the data folder,
 * relative escapes, encoded and Windows-style ones, device and proc files (read only),
 * a file named as if it were a folder.
 */
export function hostilePaths(canary: string, dataDir: string): string[] {
  return [
    canary,
    `${canary}/victim.txt`,
    `${canary}/sub/../../canary-sibling`,
    `${dataDir}/../canary`,
    `${dataDir}/../../`,
    `${dataDir}/store/../../canary`,
    '../../canary',
    '..\\..\\canary',
    '%2e%2e%2fcanary',
    'canary\0.png',
    '/dev/null',
    '/dev/zero',
    '/proc/self/environ',
    '\\\\evil-host\\share\\x',
    '~/.ssh/id_rsa',
    'C:\\Windows\\System32',
    'file:///etc/passwd',
    '',
    ' ',
    '.',
    '..',
  ];
}

const URLS = [
  'file:///etc/passwd',
  'http://169.254.169.254/latest/meta-data/',
  'http://evil.example/v1',
  'https://user:pass@evil.example/v1',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'loupe-asset://../../etc/passwd',
  'http://127.0.0.1:1/v1',
  'ftp://evil.example/',
  'http://[::1]:99999/',
];

const ODD_STRINGS = [
  '{index}/../../{prompt}',
  '../../{job}',
  '{job}\\..\\..\\x',
  '<img src=x onerror=alert(1)>',
  "'; DROP TABLE jobs; --",
  '" OR 1=1 --',
  'NEAR(a b) OR "x" * ^',
  '\u202Egnp.exe',
  '\uD800',
  'a\nb\r\nc',
  'CON',
  'NUL.png',
  'sk-proj-'.padEnd(60, 'A'),
  '__proto__',
  'constructor',
  'toString',
  '%00',
  '%s%s%s%n',
];

const hostileString = (paths: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...paths) },
    { weight: 2, arbitrary: fc.constantFrom(...URLS) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_STRINGS) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    // Large enough to hit every length cap, small enough for a loaded machine.
    { weight: 1, arbitrary: fc.constantFrom('a'.repeat(70_000), '/'.repeat(5000), '../'.repeat(2000), 'A'.repeat(300_000)) },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9+/]{0,64}={0,2}$/) },
    { weight: 1, arbitrary: fc.constantFrom('a'.repeat(64), 'g'.repeat(64), '0'.repeat(64), 'A'.repeat(64)) },
  );

const hostileNumber = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, -1, 0, 1, 2, 3, 2 ** 31, 2 ** 53, -(2 ** 53), 1.5, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.integer(),
  fc.double(),
);

/** A value of any kind, hostile first; `depth` bounds nesting. */
export function hostileValue(paths: string[]): fc.Arbitrary<unknown> {
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      hostileString(paths),
      hostileNumber,
      fc.constantFrom(null, undefined, true, false, [], {}, 0n as unknown),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.constantFrom(Array.from({ length: 20_000 }, (_, i) => i + 1), Array.from({ length: 17 }, () => 'a'.repeat(64))),
      fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'hash', 'name', 'path', 'dir', 'id'), tie('value'), { maxKeys: 3 }),
    ),
  }));
  return value;
}

/** The prototype-pollution payloads JSON.parse really produces (an own "__proto__" key). */
export const POLLUTION: unknown[] = [
  JSON.parse('{"__proto__": {"polluted": "yes"}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}'),
  JSON.parse('{"outputDir": "/x", "__proto__": {"outputDir": "/etc", "polluted": "yes"}}'),
];

/** Arguments for one channel: a hostile value, or an object over its real field names with hostile values. */
export function hostileArgs(channel: ChannelName, paths: string[]): fc.Arbitrary<unknown> {
  const fields = fieldsOf(channel);
  const value = hostileValue(paths);
  const overFields =
    fields.length === 0
      ? fc.constant({ extra: 1 })
      : fc.record(Object.fromEntries(fields.map((f) => [f, value])), { requiredKeys: [] }).map((o) => ({ ...o }));
  return fc.oneof({ weight: 4, arbitrary: overFields }, { weight: 1, arbitrary: value }, { weight: 1, arbitrary: fc.constantFrom(...POLLUTION) });
}

/**
 * A valid call with one or two of its fields replaced by hostile values (or one hostile
 * field added): these get past the schema often enough to reach the handlers themselves.
 */
export function mutated(baseline: Record<string, unknown>, paths: string[]): fc.Arbitrary<unknown> {
  const keys = Object.keys(baseline);
  const value = hostileValue(paths);
  const replaced =
    keys.length === 0
      ? fc.constant(baseline)
      : fc.tuple(fc.subarray(keys, { minLength: 1, maxLength: Math.min(2, keys.length) }), fc.array(value, { minLength: 2, maxLength: 2 })).map(([ks, vs]) => {
          const out: Record<string, unknown> = { ...baseline };
          ks.forEach((k, i) => (out[k] = vs[i]));
          return out;
        });
  // A path field swapped for each hostile path in turn: what a compromised renderer would try first.
  const pathKeys = keys.filter((k) => /dir|path/i.test(k));
  const retargeted =
    pathKeys.length === 0 ? replaced : fc.tuple(fc.constantFrom(...pathKeys), fc.constantFrom(...paths)).map(([k, p]) => ({ ...baseline, [k]: p }));
  const polluted = fc.constantFrom(...POLLUTION).map((p) => Object.assign(Object.create(null) as object, baseline, p as object));
  return fc.oneof({ weight: 4, arbitrary: replaced }, { weight: 3, arbitrary: retargeted }, { weight: 1, arbitrary: polluted }, { weight: 1, arbitrary: fc.constant(baseline) });
}
