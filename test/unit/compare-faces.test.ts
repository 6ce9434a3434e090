/**
 * Face identity with @vladmandic/human on the WASM backend, in Node, on real face photos
 * (test/fixtures/faces, from the package's own samples): the same person stays over the
 * library's documented threshold, two different people fall under it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { cosine, faceEngine, matchFaces, overlap, processHandlerCounts, SAME_PERSON_THRESHOLD, type FaceEngine, type FoundFace } from '../../electron/core/compare/faces';

const FACES = join(__dirname, '..', 'fixtures', 'faces');
let engine: FaceEngine;

async function rgb(bytes: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
async function facesIn(bytes: Buffer): Promise<FoundFace[]> {
  const p = await rgb(bytes);
  return engine.detect(p.data, p.width, p.height);
}

beforeAll(async () => {
  const before = processHandlerCounts();
  const state = await faceEngine();
  if (!state.ok) throw new Error(`The face engine should load here: ${state.reason}`);
  engine = state.engine;
  // Loading the WASM backend leaves no process-wide crash handlers behind.
  expect(processHandlerCounts()).toEqual(before);
}, 120_000);

describe('face identity', () => {
  it('loads once per process', async () => {
    const [a, b] = await Promise.all([faceEngine(), faceEngine()]);
    expect(a).toBe(b);
  });

  it('finds one face in each photo, where it is', async () => {
    for (const name of ['man.jpg', 'woman.jpg']) {
      const faces = await facesIn(await readFile(join(FACES, name)));
      expect(faces, name).toHaveLength(1);
      expect(faces[0]!.score).toBeGreaterThan(0.8);
      expect(faces[0]!.embedding.length).toBe(1024);
    }
    const [man] = await facesIn(await readFile(join(FACES, 'man.jpg')));
    // The man sits right of centre in his photo, in the upper half.
    expect(man!.box.x + man!.box.width / 2).toBeGreaterThan(642 * 0.4);
    expect(man!.box.y + man!.box.height / 2).toBeLessThan(471 * 0.5);
  }, 60_000);

  it('the same photo, re-encoded and softened, is the same person; two different people are not', async () => {
    const man = await readFile(join(FACES, 'man.jpg'));
    const woman = await readFile(join(FACES, 'woman.jpg'));
    const softened = await sharp(man).blur(1.2).jpeg({ quality: 60 }).toBuffer();
    const [m] = await facesIn(man);
    const [m2] = await facesIn(softened);
    const [w] = await facesIn(woman);
    const same = engine.similarity(m!.embedding, m2!.embedding);
    const different = engine.similarity(m!.embedding, w!.embedding);
    expect(same).toBeGreaterThanOrEqual(SAME_PERSON_THRESHOLD);
    expect(different).toBeLessThan(SAME_PERSON_THRESHOLD);
    expect(cosine(m!.embedding, m2!.embedding)).toBeGreaterThan(cosine(m!.embedding, w!.embedding));
    expect(engine.similarity(m!.embedding, m!.embedding)).toBe(1);
  }, 60_000);

  it('matches each source face to the output face at its place; a face elsewhere, or none, is not the same person', async () => {
    const man = await readFile(join(FACES, 'man.jpg'));
    const [m] = await facesIn(man);
    const elsewhere: FoundFace = { ...m!, box: { ...m!.box, x: m!.box.x + m!.box.width * 3 } };
    expect(overlap(m!.box, elsewhere.box)).toBe(0);
    const [kept] = matchFaces(engine, [m!], [elsewhere, m!]);
    expect(kept).toMatchObject({ similarity: 1, samePerson: true, match: m!.box });
    const [lost] = matchFaces(engine, [m!], [elsewhere]);
    expect(lost).toMatchObject({ match: null, similarity: null, cosine: null, samePerson: false });
  }, 60_000);
});
