/**
 * `npm run bench`: measures Loupe's budgets, prints them as a table and writes every row
 * to test-results/bench.json. A missed budget is a FAILED row, not a failed run: the
 * command exits 0 once it has measured and written the report, so the report is always
 * there to read. Name sections to run only those: `tsx test/bench/run.ts images`.
 */
import { benchGeneration } from './generation';
import { benchImages } from './images';
import { benchHistory } from './history';
import { benchGalleryMemory } from './gallery-memory';
import { benchQueueThroughput } from './queue-throughput';
import { benchCredentials } from './credentials';
import { benchCompare } from './compare';
import { failedSection, formatTable, writeReport, type BenchRow } from './report';

const SECTIONS: Record<string, () => Promise<BenchRow[]>> = {
  generation: benchGeneration,
  images: benchImages,
  history: benchHistory,
  gallery: benchGalleryMemory,
  queue: benchQueueThroughput,
  credentials: benchCredentials,
  compare: benchCompare,
};

const asked = process.argv.slice(2);
const unknown = asked.filter((s) => !(s in SECTIONS));
if (unknown.length > 0) {
  console.error(`bench: unknown section ${unknown.join(', ')}; sections are ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}

const rows: BenchRow[] = [];
for (const [section, bench] of Object.entries(SECTIONS)) {
  if (asked.length > 0 && !asked.includes(section)) continue;
  try {
    rows.push(...(await bench()));
  } catch (err) {
    // One section failing (no Chromium, a port in use) must not hide the others' figures.
    rows.push(failedSection(section, err));
  }
}
const file = await writeReport(rows);
console.log(formatTable(rows));
console.log(`bench: wrote ${file}`);
