/**
 * Windows device names in every form Windows recognises: a file saved as "CON.png", "com¹.jpg"
 * or "CONOUT$" would open a device, not a file. The naming template must never produce one,
 * whether the name comes from the template text, a project name or a prompt.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isReservedName, renderName, safeFileName, type NameContext } from '../../electron/core/export/naming';
import { isReservedName as sharedIsReserved } from '../../electron/shared/naming';
import { saveOutput } from '../../electron/core/export/save-output';

const ctx = (over: Partial<NameContext> = {}): NameContext => ({
  date: new Date(2026, 2, 7, 9, 5, 3),
  prompt: 'a red fox',
  model: 'gpt-image-2',
  quality: 'high',
  size: '1024x1024',
  jobId: 42,
  index: 1,
  ...over,
});

const DEVICES = [
  'CON', 'PRN', 'AUX', 'NUL',
  ...Array.from({ length: 10 }, (_, i) => `COM${i}`),
  ...Array.from({ length: 10 }, (_, i) => `LPT${i}`),
  'COM\u00b9', 'COM\u00b2', 'COM\u00b3', 'LPT\u00b9', 'LPT\u00b2', 'LPT\u00b3',
  'CONIN$', 'CONOUT$',
];
const cases = (d: string): string[] => [d, d.toLowerCase(), d[0] + d.slice(1).toLowerCase(), `${d}.png`, `${d.toLowerCase()}.tar.gz`, `${d}.`, `${d}...`, `${d} `, `${d}  .png`, `${d} . .txt`];

describe('Windows reserved names', () => {
  it.each(DEVICES)('%s in every case, with any extension, with trailing dots and spaces', (device) => {
    for (const raw of cases(device)) {
      expect(isReservedName(raw), raw).toBe(true);
      const safe = safeFileName(raw);
      expect(isReservedName(safe), `${raw} → ${safe}`).toBe(false);
      expect(safe.startsWith('_'), `${raw} → ${safe}`).toBe(true);
      // Adding the extension and a collision suffix, as saving does, keeps it safe.
      expect(isReservedName(`${safe}.png`)).toBe(false);
      expect(isReservedName(`${safe}-2.png`)).toBe(false);
    }
  });

  it('leaves names that only look alike', () => {
    for (const name of ['CONSOLE', 'CON1', 'COM10', 'LPT', 'COM', 'NULL', 'AUXILIARY', 'PRN-2', 'CON-2', 'CONIN', 'xCON', 'COM\u2074', 'conout$x', 'my CON']) {
      expect(isReservedName(name), name).toBe(false);
      expect(safeFileName(name)).toBe(name);
    }
  });

  it('is the same check in the contract the renderer uses', () => {
    expect(sharedIsReserved).toBe(isReservedName);
  });

  it.each(['{project}', '{project}.{index}', 'CONOUT$', 'com\u00b9.{size}', 'Lpt0 ..', '{kit}CON'])('the template %s never renders a device name', (template) => {
    for (const device of DEVICES) {
      const name = renderName(template, ctx({ project: device, kit: '' }));
      expect(isReservedName(name), `${template} with ${device} → ${name}`).toBe(false);
    }
  });

  it('saves "CONIN$" and "com³.png" as files with safe names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loupe-reserved-'));
    try {
      const a = await saveOutput(dir, renderName('CONIN$', ctx()), 'png', Buffer.from('png'));
      const b = await saveOutput(dir, renderName('com\u00b3', ctx()), 'png', Buffer.from('png'));
      expect((await readdir(dir)).sort()).toEqual(['_CONIN$.png', '_com\u00b3.png']);
      expect([a, b].every((p) => !isReservedName(basename(p)))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
