// `npm run fake-openai -- --port N [--latency MS] [--typical-latency FACTOR] [--content-credentials] [--log]`: runs the fake for
// manual demos and the app's e2e harness. Prints exactly one line on stdout
// (harnesses wait for it); request logs, if asked for, go to stderr.
import { scaleLatency, TYPICAL_MODEL_LATENCY } from './latency';
import { startFakeOpenAI } from './server';

function arg(name: string): string | undefined {
  const argv = process.argv.slice(2);
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const a = argv[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
}

function num(name: string, fallback: number): number {
  const v = arg(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`fake-openai: --${name} must be a non-negative integer, got '${v}'`);
    process.exit(2);
  }
  return n;
}

/** --typical-latency 0.1: the typical per-model times, scaled (1 = as guessed). */
function typical() {
  const v = arg('typical-latency');
  if (v === undefined) return undefined;
  const f = Number(v);
  if (!Number.isFinite(f) || f < 0) {
    console.error(`fake-openai: --typical-latency must be a non-negative number, got '${v}'`);
    process.exit(2);
  }
  return scaleLatency(TYPICAL_MODEL_LATENCY, f);
}

const fake = await startFakeOpenAI({
  port: num('port', 0),
  host: arg('host') ?? '127.0.0.1',
  latencyMs: num('latency', 0),
  modelLatency: typical(),
  logRequests: process.argv.includes('--log'),
});
// Sign outputs with C2PA Content Credentials, as OpenAI does (credentials.ts).
if (process.argv.includes('--content-credentials')) fake.setOptions({ contentCredentials: true });
console.log(`fake-openai listening on ${fake.url}`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void fake.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
