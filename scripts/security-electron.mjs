// Electronegativity over the app: the TypeScript sources of every process (electron/) and
// the built preload and renderer (out/, with the CSP the page really ships). Writes CSV
// per scan to test-results/electronegativity/ and a JSON summary; exits 1 on any HIGH
// finding, on a file the tool could not parse (unscanned is not clean), or on a MEDIUM
// that docs/security.md does not justify. Runs offline: the tool's release lookups fail
// and it carries on.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'test-results', 'electronegativity');
const tool = join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// Without it the tool assumes Electron 0.1 and reports defaults that changed years ago.
const electronVersion = String(pkg.devDependencies.electron).replace(/^[^\d]*/, '');

// Main-process checks: out/main is one bundle the tool cannot parse (class private fields),
// so the main process is checked from its sources, and these would be false alarms on a
// scan that holds no main process.
// (The tool names checks by class here, not by the IDs it reports.)
const MAIN_ONLY = ['LimitNavigationGlobalCheck', 'PermissionRequestHandlerGlobalCheck'];

function stageBuild() {
  if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) return null;
  const dir = join(outDir, 'build-input');
  rmSync(dir, { recursive: true, force: true });
  for (const part of ['preload', 'renderer']) cpSync(join(root, 'out', part), join(dir, part), { recursive: true });
  return dir;
}

/** One CSV row; quoted fields may hold commas and doubled quotes. */
function parseCsvLine(line) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell.trim());
  return cells;
}

function scan(name, input, exclude) {
  const csv = join(outDir, `${name}.csv`);
  rmSync(csv, { force: true }); // the tool writes over an old file without truncating it
  const args = [tool, '-i', input, '-e', electronVersion, '-r', '-v', 'false', '-o', csv];
  if (exclude.length > 0) args.push('-x', exclude.join(','));
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 300_000, env: { ...process.env, FORCE_COLOR: '0' } });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  const parseErrors = [...output.matchAll(/Error parsing (.+?) - (.+)/g)].map((m) => `${m[1]}: ${m[2]}`);
  if (run.status !== 0 || !existsSync(csv)) {
    console.error(output);
    throw new Error(`electronegativity failed on ${input} (exit ${run.status}).`);
  }
  const [, ...rows] = readFileSync(csv, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const findings = rows.map((row) => {
    const [check, severity, confidence, file, location, sample, description] = parseCsvLine(row);
    return { scan: name, check, severity, confidence, file, location, sample, description };
  });
  return { name, input, exclude, findings, parseErrors };
}

mkdirSync(outDir, { recursive: true });
const scans = [scan('source', 'electron', [])];
const build = stageBuild();
if (build) scans.push(scan('build', build, MAIN_ONLY));
else console.log('security:electron: no out/ build, scanning sources only (run electron-vite build first to include it).');

const findings = scans.flatMap((s) => s.findings);
const parseErrors = scans.flatMap((s) => s.parseErrors);
writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify({ electronVersion, scans }, null, 2)}\n`);

const justified = readFileSync(join(root, 'docs', 'security.md'), 'utf8');
const high = findings.filter((f) => f.severity === 'HIGH');
const medium = findings.filter((f) => f.severity === 'MEDIUM');
const undocumented = medium.filter((f) => !justified.includes(`${f.check}`) || !justified.includes(f.file));
const line = (f) => `  ${f.severity} ${f.check} (${f.confidence}) ${f.scan}:${f.file}:${f.location} - ${f.description}`;

console.log(`security:electron: Electron ${electronVersion}; ${findings.length} finding(s): ${high.length} high, ${medium.length} medium, ${findings.length - high.length - medium.length} low/info.`);
for (const f of medium) console.log(line(f));
for (const f of high) console.error(line(f));
for (const e of parseErrors) console.error(`  not scanned: ${e}`);
for (const f of undocumented) console.error(`  medium not justified in docs/security.md: ${f.check} in ${f.file}`);
console.log(`security:electron: details in ${join('test-results', 'electronegativity')}/ (CSV per scan, summary.json).`);
if (high.length > 0 || parseErrors.length > 0 || undocumented.length > 0) process.exit(1);
