/** `npm run bench`: measures Loupe's budgets and writes test-results/bench.json. */
import { benchGeneration } from './generation';
import { benchImages } from './images';
import { benchHistory } from './history';
import { benchGalleryMemory } from './gallery-memory';
import { writeReport, type BenchRow } from './report';

const rows: BenchRow[] = [...(await benchGeneration()), ...(await benchImages()), ...(await benchHistory()), ...(await benchGalleryMemory())];
const file = await writeReport(rows);
for (const r of rows) {
  const verdict = r.pass === null ? '' : r.pass ? 'PASS' : 'OVER BUDGET';
  console.log(`${r.name.padEnd(78)} ${String(r.value).padStart(10)} ${r.unit.padEnd(6)} ${r.budget === null ? '' : `budget ${r.budget}`} ${verdict}`);
}
console.log(`bench: wrote ${file}`);
process.exitCode = rows.some((r) => r.pass === false) ? 1 : 0;
