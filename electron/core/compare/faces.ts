/**
 * Face identity for the comparison lab: for each face in the source, is it still the same
 * person in the output? @vladmandic/human finds faces (BlazeFace) and describes them
 * (FaceRes, 1024 values); its models ship inside the npm package, so this works offline.
 * It runs in Node on TensorFlow.js's WASM backend (its binaries ship in
 * @tensorflow/tfjs-backend-wasm), never tfjs-node, whose install downloads a native library.
 *
 * The engine loads once per process, on first use (a second or so), and never at start-up.
 * When it cannot run, callers get { available: false, reason } and show that plainly.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Human } from '@vladmandic/human';

/**
 * The library's "same person" threshold: match.similarity (normalised Euclidean distance
 * of the descriptors, its default multiplier 20) "above 0.5 can be considered a match"
 * (human's typings for match.similarity, and its wiki page Embedding).
 */
export const SAME_PERSON_THRESHOLD = 0.5;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FoundFace {
  box: Box;
  score: number;
  embedding: number[];
}

export interface FaceEngine {
  detect(rgb: Uint8Array, width: number, height: number): Promise<FoundFace[]>;
  similarity(a: number[], b: number[]): number;
}

export type FaceEngineState = { ok: true; engine: FaceEngine } | { ok: false; reason: string };

let loading: Promise<FaceEngineState> | null = null;

/** The face engine, loaded on first call and shared by the whole process. */
export function faceEngine(): Promise<FaceEngineState> {
  loading ??= withoutNewProcessHandlers(load).catch((err: unknown) => ({
    ok: false as const,
    reason: `the face models could not be loaded (${err instanceof Error ? err.message : String(err)})`,
  }));
  return loading;
}

/**
 * The WASM backend's Emscripten glue adds process-wide 'uncaughtException' and
 * 'unhandledRejection' listeners that rethrow, which would turn any stray rejection
 * anywhere in the app into a crash: whatever listeners loading adds are taken off again.
 */
async function withoutNewProcessHandlers<T>(fn: () => Promise<T>): Promise<T> {
  const events = ['uncaughtException', 'unhandledRejection'] as const;
  const listeners = (e: (typeof events)[number]): unknown[] => (e === 'uncaughtException' ? process.listeners('uncaughtException') : process.listeners('unhandledRejection'));
  const before = new Map(events.map((e) => [e, new Set(listeners(e))]));
  try {
    return await fn();
  } finally {
    for (const e of events) {
      for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.removeListener(e, l as (...args: unknown[]) => void);
    }
  }
}

/** Listeners the face engine left on the process (none, once loaded): for the tests. */
export const processHandlerCounts = () => ({ uncaughtException: process.listenerCount('uncaughtException'), unhandledRejection: process.listenerCount('unhandledRejection') });

/** Only detection and description: the rest of human's models stay unloaded. */
const CONFIG = {
  backend: 'wasm',
  debug: false,
  async: true,
  warmup: 'none',
  cacheSensitivity: 0,
  filter: { enabled: false },
  face: {
    enabled: true,
    detector: { rotation: true, maxDetected: 20, minConfidence: 0.5, return: false },
    mesh: { enabled: true },
    iris: { enabled: false },
    description: { enabled: true },
    emotion: { enabled: false },
    antispoof: { enabled: false },
    liveness: { enabled: false },
    attention: { enabled: false },
  },
  body: { enabled: false },
  hand: { enabled: false },
  object: { enabled: false },
  gesture: { enabled: false },
  segmentation: { enabled: false },
} as const;

async function load(): Promise<FaceEngineState> {
  const require = createRequire(import.meta.url);
  let humanPath: string;
  let wasmDir: string;
  try {
    // The packages' "exports" maps do not list these files: find them beside their entry points (resolved, not loaded).
    humanPath = join(dirname(require.resolve('@vladmandic/human')), 'human.node-wasm.js');
    wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  } catch {
    return { ok: false, reason: 'the face library (@vladmandic/human with the TensorFlow.js WASM backend) is not installed' };
  }
  const modelsDir = join(dirname(dirname(humanPath)), 'models');
  // Loaded with require: it is a CommonJS bundle, and require also reads it from inside the app's asar archive.
  const mod = require(humanPath) as { Human?: new (c: unknown) => Human; default?: { Human: new (c: unknown) => Human } };
  const HumanClass = mod.Human ?? mod.default?.Human;
  if (!HumanClass) return { ok: false, reason: 'the face library did not load as expected' };
  const human = new HumanClass({ ...CONFIG, wasmPath: `${pathToFileURL(wasmDir).href}/`, modelBasePath: `${pathToFileURL(modelsDir).href}/` });
  const tf = human.tf as unknown as {
    io: {
      registerLoadRouter(r: (url: string | string[]) => unknown): void;
      getModelArtifactsForJSON(json: unknown, load: (m: { paths: string[]; weights: unknown[] }[]) => Promise<[unknown[], ArrayBuffer]>): Promise<unknown>;
    };
  };
  // Node's fetch cannot read file:// URLs: the models are read from the package's folder
  // by a loader for file URLs under it (and nowhere else).
  const modelsUrl = `${pathToFileURL(modelsDir).href}/`;
  tf.io.registerLoadRouter((url) => {
    if (typeof url !== 'string' || !url.startsWith(modelsUrl)) return null;
    return {
      load: async () => {
        const file = fileURLToPath(url);
        const json: unknown = JSON.parse(await readFile(file, 'utf8'));
        return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
          const specs: unknown[] = [];
          const parts: Buffer[] = [];
          for (const group of manifest) {
            for (const p of group.paths) parts.push(await readFile(join(dirname(file), p.replace(/^(\.\.[/\\])+/, ''))));
            specs.push(...group.weights);
          }
          const all = Buffer.concat(parts);
          return [specs, all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer];
        });
      },
    };
  });
  await human.load();
  await human.tf.ready();
  const loaded = human.models.loaded();
  if (!loaded.includes('blazeface') || !loaded.includes('faceres')) return { ok: false, reason: `the face models did not load (loaded: ${loaded.join(', ') || 'none'})` };
  if (human.tf.getBackend() !== 'wasm') return { ok: false, reason: `the WASM backend did not start (got ${human.tf.getBackend()})` };

  // One detection at a time: the engine keeps per-call state.
  let chain: Promise<unknown> = Promise.resolve();
  const engine: FaceEngine = {
    detect(rgb, width, height) {
      const run = chain.then(async () => {
        const tensor = human.tf.tensor3d(rgb, [height, width, 3], 'int32');
        try {
          const result = await human.detect(tensor as never);
          return result.face
            .filter((f) => Array.isArray(f.embedding) && f.embedding.length > 0)
            .map((f) => ({ box: { x: f.box[0], y: f.box[1], width: f.box[2], height: f.box[3] }, score: f.score, embedding: Array.from(f.embedding!) }));
        } finally {
          human.tf.dispose(tensor);
        }
      });
      chain = run.catch(() => undefined);
      return run;
    },
    similarity: (a, b) => human.match.similarity(a, b),
  };
  return { ok: true, engine };
}

/** Cosine similarity of two descriptors (-1..1). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** How much of box a overlaps box b, over the smaller of the two (1 = one inside the other). */
export function overlap(a: Box, b: Box): number {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  if (x1 <= x0 || y1 <= y0) return 0;
  return ((x1 - x0) * (y1 - y0)) / Math.min(a.width * a.height, b.width * b.height);
}

export interface FaceMatch {
  source: Box;
  match: Box | null;
  similarity: number | null;
  cosine: number | null;
  samePerson: boolean;
}

/**
 * For each source face, the output face at the same place (the output is aligned to the
 * source, so a kept face overlaps its old box) with the highest similarity; a face
 * elsewhere is someone else's. No face there: no match, not the same person.
 */
export function matchFaces(engine: Pick<FaceEngine, 'similarity'>, source: FoundFace[], output: FoundFace[]): FaceMatch[] {
  return source.map((s) => {
    let best: { face: FoundFace; sim: number } | null = null;
    for (const o of output) {
      if (overlap(s.box, o.box) < 0.3) continue;
      const sim = engine.similarity(s.embedding, o.embedding);
      if (!best || sim > best.sim) best = { face: o, sim };
    }
    if (!best) return { source: s.box, match: null, similarity: null, cosine: null, samePerson: false };
    return { source: s.box, match: best.face.box, similarity: best.sim, cosine: cosine(s.embedding, best.face.embedding), samePerson: best.sim >= SAME_PERSON_THRESHOLD };
  });
}
