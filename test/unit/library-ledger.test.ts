import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger, localDateTime } from '../../electron/core/ledger/ledger';
import { csvCell, toCsv } from '../../electron/core/ledger/csv';
import { LedgerSummarySchema } from '../../electron/shared';
import { makeHarness } from './core-harness';
import { seedDb, type SeedDb } from './library-helpers';

const t = (y: number, m: number, d: number, hh = 12) => new Date(y, m - 1, d, hh).getTime(); // local time, like the ledger

let s: SeedDb;
let ledger: Ledger;
let acme: number;
const usage = (inText: number, inImage: number, outImage: number, outText = 0) => ({ inputTextTokens: inText, inputImageTokens: inImage, outputImageTokens: outImage, outputTextTokens: outText });

beforeAll(async () => {
  s = await seedDb();
  ledger = new Ledger(s.db);
  acme = s.organise.createProject({ name: 'Acme' }, 1).id;
  s.add({ prompt: 'one', createdAt: t(2026, 3, 1, 9), costUsd: 0.1, usage: usage(10, 0, 100), outputs: 2, projectId: acme, requestIds: ['req_a'] });
  s.add({ prompt: 'two', createdAt: t(2026, 3, 1, 23), costUsd: 0.2, usage: usage(20, 500, 200), outputs: 1, model: 'gpt-image-2', kind: 'edit' });
  s.add({ prompt: 'billed but failed', createdAt: t(2026, 3, 2), costUsd: 0.05, usage: usage(5, 0, 50), outputs: 0, status: 'failed', projectId: acme });
  s.add({ prompt: 'never billed', createdAt: t(2026, 3, 2), costUsd: null, status: 'canceled' });
  s.add({ prompt: 'april', createdAt: t(2026, 4, 10), costUsd: 1, usage: usage(1, 0, 1000, 3), outputs: 4 });
});
afterAll(() => s.close());

describe('ledger:summary', () => {
  it('groups actual costs by day and month, in date order', () => {
    const byDay = LedgerSummarySchema.parse(ledger.summary({ groupBy: 'day' }));
    expect(byDay.rows.map((r) => [r.key, r.jobs, r.images, r.costUsd])).toEqual([
      ['2026-03-01', 2, 3, 0.3],
      ['2026-03-02', 1, 0, 0.05],
      ['2026-04-10', 1, 4, 1],
    ]);
    expect(byDay).toMatchObject({ totalUsd: 1.35, totalJobs: 4 });
    expect(byDay.rows[0]).toMatchObject({ inputTokens: 530, outputTokens: 300 });
    expect(ledger.summary({ groupBy: 'month' }).rows.map((r) => [r.label, r.costUsd])).toEqual([
      ['2026-03', 0.35],
      ['2026-04', 1],
    ]);
  });

  it('groups by project, model and kit with readable labels, costliest first', () => {
    expect(ledger.summary({ groupBy: 'project' }).rows.map((r) => [r.key, r.label, r.costUsd])).toEqual([
      ['none', 'No project', 1.2],
      [String(acme), 'Acme', 0.15],
    ]);
    expect(ledger.summary({ groupBy: 'model' }).rows.map((r) => [r.key, r.label, r.jobs])).toEqual([
      ['gpt-image-1.5', 'GPT Image 1.5', 3],
      ['gpt-image-2', 'GPT Image 2', 1],
    ]);
    expect(ledger.summary({ groupBy: 'kit' }).rows).toEqual([expect.objectContaining({ key: 'none', label: 'No kit', jobs: 4, costUsd: 1.35 })]);
  });

  it('filters by date range and project', () => {
    expect(ledger.summary({ groupBy: 'day', from: t(2026, 3, 2, 0), to: t(2026, 3, 31, 0) }).totalUsd).toBe(0.05);
    expect(ledger.summary({ groupBy: 'day', projectId: acme }).totalJobs).toBe(2);
    expect(ledger.summary({ groupBy: 'day', projectId: null }).totalUsd).toBe(1.2);
    expect(ledger.summary({ groupBy: 'day', from: t(2027, 1, 1) })).toEqual({ rows: [], totalUsd: 0, totalJobs: 0 });
  });
});

describe('ledger:csv', () => {
  it('one line per billed job with the header invoicing tools expect', () => {
    const csv = ledger.csv({});
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('date,job,project,model,kind,status,images,input text tokens,input image tokens,output image tokens,output text tokens,cost usd,request ids,prompt');
    expect(lines[1]).toBe(`${localDateTime(t(2026, 3, 1, 9))},1,Acme,gpt-image-1.5,generate,succeeded,2,10,0,100,0,0.1,req_a,one`);
    expect(lines).toHaveLength(6); // header, 4 billed jobs, and the final CRLF
    expect(lines.at(-1)).toBe('');
    expect(csv).not.toContain('never billed');
    expect(ledger.csv({ projectId: acme }).split('\r\n')).toHaveLength(4);
  });

  it('escapes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('red, white')).toBe('"red, white"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe('"\'=HYPERLINK(""http://evil"",""x"")"');
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tTAB')).toBe("'\tTAB");
    expect(csvCell(0.000001)).toBe('0.000001');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('keeps hostile prompts in their cell', async () => {
    const id = s.add({ prompt: '=cmd|\' /C calc\'!A0, "quoted",\nnext line', createdAt: t(2026, 5, 1), costUsd: 0.01, usage: usage(1, 0, 1) });
    const last = ledger.csv({ from: t(2026, 5, 1, 0) }).split('\r\n')[1]!;
    expect(last.startsWith(`${localDateTime(t(2026, 5, 1))},${id},,gpt-image-1.5`)).toBe(true);
    expect(last.endsWith(`,"'=cmd|' /C calc'!A0, ""quoted"",\nnext line"`)).toBe(true);
  });
});

describe('through the handlers', () => {
  it('sums what the API billed and names the CSV', async () => {
    const h = await makeHarness();
    try {
      const project = await h.ok<{ id: number }>('projects:create', { name: 'Beach Shoot' });
      const a = await h.settle(await h.generate({ projectId: project.id }));
      await h.settle(await h.generate({ model: 'gpt-image-2' }));
      const summary = await h.ok<{ totalUsd: number; rows: { label: string }[] }>('ledger:summary', { groupBy: 'project' });
      expect(summary.rows.map((r) => r.label).sort()).toEqual(['Beach Shoot', 'No project']);
      expect(summary.totalUsd).toBeGreaterThan(0);
      const r = await h.ok<{ csv: string; fileName: string }>('ledger:csv', { projectId: project.id });
      expect(r.fileName).toMatch(/^loupe-costs-Beach-Shoot-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(r.csv.split('\r\n')[1]).toContain(`,${a.id},Beach Shoot,gpt-image-2.6-sunburst,generate,succeeded,1,`);
      expect((await h.ok<{ fileName: string }>('ledger:csv', {})).fileName).toMatch(/^loupe-costs-\d{4}-\d{2}-\d{2}\.csv$/);
    } finally {
      await h.dispose();
    }
  });
});
