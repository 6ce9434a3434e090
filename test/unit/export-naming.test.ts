import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE, MAX_NAME_BYTES, MAX_NAME_CHARS, renderName, safeFileName, slugify, type NameContext } from '../../electron/core/export/naming';
import { labelToken } from '../../electron/core/export/naming';
import { NAMING_TOKENS, renderName as sharedRenderName } from '../../electron/shared';

const ctx = (over: Partial<NameContext> = {}): NameContext => ({
  date: new Date(2026, 2, 7, 9, 5, 3), // local time, like the tokens
  prompt: 'A lighthouse at dusk',
  model: 'gpt-image-1.5',
  quality: 'high',
  size: '1536x1024',
  jobId: 42,
  index: 3,
  ...over,
});

/** What every produced name must satisfy, on every OS. */
function expectSafe(name: string): void {
  expect(name.length).toBeGreaterThan(0);
  expect(name.length).toBeLessThanOrEqual(MAX_NAME_CHARS);
  expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
  // eslint-disable-next-line no-control-regex -- asserting control characters are gone
  expect(name).not.toMatch(/[<>:"/\\|?*\u0000-\u001f\u007f]/);
  expect(name).not.toContain('..');
  expect(name).not.toMatch(/^[.\- ]/);
  expect(name).not.toMatch(/[. ]$/);
  expect(name.split('.')[0]).not.toMatch(/^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i);
  expect(name).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/);
  expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
}

describe('renderName', () => {
  it('fills every token', () => {
    expect(renderName(DEFAULT_TEMPLATE, ctx())).toBe('2026-03-07_a-lighthouse-at-dusk_gpt-image-1.5_3');
    expect(renderName('{time} {quality} {size} job{job} #{index}', ctx())).toBe('090503 high 1536x1024 job42 #3');
    // The settings schema's token list and the renderer agree.
    for (const t of NAMING_TOKENS) expect(renderName(`x${t}`, ctx())).not.toBe(`x${t}`);
  });

  it('drops unknown tokens', () => {
    expect(renderName('{date}{secret}_{index}{api_key}', ctx())).toBe('2026-03-07_3');
    expect(renderName('{PROMPT}-{Index}', ctx())).toBe('a-lighthouse-at-dusk-3');
    expect(renderName('{not a token}_{index}', ctx())).toBe('{not a token}_3');
    expect(renderName('{nope}', ctx())).toBe('untitled');
  });

  const hostile: Record<string, string> = {
    slashes: 'cats/dogs\\birds',
    dots: '..',
    traversal: '../../etc/passwd',
    reserved: 'CON',
    long: 'word '.repeat(100),
    emoji: '🦊🌲 fox in a forest 🌲🦊',
    rtl: 'قطة على السطح \u202Egnp.exe',
    nul: 'a\u0000b\u0007c\nd',
    punctuation: '?!*<>|:"..,;/\\',
    lone: '\uD800 broken \uDC00',
  };
  for (const [label, prompt] of Object.entries(hostile)) {
    it(`is safe for a hostile prompt: ${label}`, () => {
      const name = renderName(DEFAULT_TEMPLATE, ctx({ prompt }));
      expectSafe(name);
      expect(name.startsWith('2026-03-07_')).toBe(true);
      expect(name.endsWith('_gpt-image-1.5_3')).toBe(true);
      // As a whole template, too: users can type anything into the template field.
      expectSafe(renderName(`${prompt}{index}`, ctx({ prompt })));
      expectSafe(renderName(prompt, ctx()));
    });
  }

  it('handles templates that are hostile on their own', () => {
    for (const t of ['../{index}', '/{index}', '{index}/../..', 'CON', 'con.txt', 'LPT9', ' . ', '\u0000', '-rf {index}', '.bashrc', 'a'.repeat(400), '写真'.repeat(200), '👍'.repeat(200)]) {
      expectSafe(renderName(t, ctx()));
    }
    expect(renderName('CON', ctx())).toBe('_CON');
    expect(renderName('nul.{index}', ctx())).toBe('_nul.3');
    expect(renderName('../{index}', ctx())).toBe('3');
    expect(renderName('-rf {index}', ctx())).toBe('rf 3');
    expect(renderName('{model}', ctx({ model: 'org/../../model' }))).toBe('org.model');
  });
});

describe('project, fidelity and kit tokens', () => {
  it('fill in, and an empty one takes a separator with it', () => {
    const c = ctx({ project: 'Acme Corp', fidelity: 'high' });
    expect(renderName('{project}_{fidelity}_{kit}_{index}', c)).toBe('Acme-Corp_high_3');
    expect(renderName('{date}_{kit}_{index}', ctx())).toBe('2026-03-07_3');
    expect(renderName('{kit}_{index}', ctx())).toBe('3');
    expect(renderName('{index}-{kit}', ctx())).toBe('3');
    expect(renderName('{date} - {kit} - {index}', ctx())).toBe('2026-03-07 - 3');
    expect(renderName('{date}_{project}_{fidelity}_{kit}_{job}', ctx())).toBe('2026-03-07_42');
    expect(renderName('{date}{kit}{index}', ctx())).toBe('2026-03-073');
    expect(renderName('{date}_{kit}x_{index}', ctx())).toBe('2026-03-07_x_3');
    expect(renderName('{kit}{project}', ctx())).toBe('untitled');
  });

  it('keep people\'s names in any script, never a path', () => {
    expect(renderName('{project}_{index}', ctx({ project: '東京ロケ 2026' }))).toBe('東京ロケ-2026_3');
    expect(renderName('{project}_{index}', ctx({ project: '../../etc/passwd' }))).toBe('etc-passwd_3');
    expect(renderName('{project}', ctx({ project: 'CON' }))).toBe('_CON'); // a device name only when it is the whole stem
    expect(labelToken('Müller & Söhne — Hochzeit!')).toBe('Müller-Söhne-Hochzeit');
    expect(labelToken('x'.repeat(100)).length).toBe(40);
    for (const project of ['..', '/', '\\server\\share', '🦊'.repeat(100), 'a\u0000b']) expectSafe(renderName('{project}{index}', ctx({ project })));
  });

  it('is the same code the renderer imports from the contract', () => {
    expect(sharedRenderName).toBe(renderName);
  });
});

describe('slugify', () => {
  it('makes ASCII slugs cut at a word boundary', () => {
    expect(slugify('Café crème — à la carte!')).toBe('cafe-creme-a-la-carte');
    expect(slugify('ÅNGSTRÖM ﬁne')).toBe('angstrom-fine'); // NFKD splits the ﬁ ligature
    expect(slugify('日本語のみ')).toBe('untitled');
    expect(slugify('!!!')).toBe('untitled');
    const long = slugify('the quick brown fox jumps over the lazy dog near the riverbank at dawn');
    expect(long.length).toBeLessThanOrEqual(48);
    expect('the-quick-brown-fox-jumps-over-the-lazy-dog-near-the-riverbank-at-dawn'.startsWith(long)).toBe(true);
    expect(long).toBe('the-quick-brown-fox-jumps-over-the-lazy-dog-near');
    expect(slugify('x'.repeat(100))).toBe('x'.repeat(48));
  });

  it('keeps safeFileName idempotent', () => {
    for (const s of ['a..b', ' .hidden. ', 'COM1', 'ok name']) expect(safeFileName(safeFileName(s))).toBe(safeFileName(s));
  });
});
