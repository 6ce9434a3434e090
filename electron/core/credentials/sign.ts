/**
 * Writes a new C2PA manifest into an image Loupe changed: what Loupe did (c2pa.edited
 * and its own actions), where it came from (the API's output as parentOf, the person's
 * inputs as componentOf, each with the manifest it carried), and what kind of media it
 * is (trainedAlgorithmicMedia, or compositeWithTrainedAlgorithmicMedia when a person's
 * photo is part of it). The reference implementation builds and embeds the manifest; the
 * signature is ours (cose.ts).
 */
import { randomUUID } from 'node:crypto';
import { LoupeError } from '../../shared';
import { coseSign1, reserveSize, type CoseSigner } from './cose';
import { supportsCredentials } from './read';
import { blobOf, c2pa } from './wasm';

export const SOURCE_TYPE_BASE = 'http://cv.iptc.org/newscodes/digitalsourcetype/';
export type SourceType = 'trainedAlgorithmicMedia' | 'compositeWithTrainedAlgorithmicMedia' | 'composite';

export interface CredentialAction {
  /** c2pa.edited, c2pa.resized, c2pa.transcoded, c2pa.edited.metadata, c2pa.placed, c2pa.created… */
  action: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

export interface CredentialIngredient {
  bytes: Uint8Array;
  mime: string;
  title: string;
  relationship: 'parentOf' | 'componentOf' | 'inputTo';
}

export interface SignSpec {
  /** The image to sign; any manifest it carries is replaced (keep it by naming it as an ingredient). */
  bytes: Uint8Array;
  mime: string;
  title: string;
  /** Written as the claim generator, e.g. "Loupe 0.1.0". */
  app: string;
  actions: CredentialAction[];
  ingredients: CredentialIngredient[];
  sourceType: SourceType;
  signer: CoseSigner;
}

export async function signAsset(spec: SignSpec): Promise<Buffer> {
  if (!supportsCredentials(spec.mime)) throw new LoupeError('UNSUPPORTED', `Content credentials are written into JPEG, PNG and WebP images, not ${spec.mime}.`);
  const { WasmBuilder } = c2pa();
  const [name, version] = splitApp(spec.app);
  const softwareAgent = { name, ...(version ? { version } : {}) };
  const ids = spec.ingredients.map(() => `ingredient-${randomUUID()}`);
  const parent = spec.ingredients.findIndex((i) => i.relationship === 'parentOf');
  const actions: Array<Record<string, unknown>> = [];
  // C2PA 2.1: a manifest made from a parent opens it first; one without starts as created.
  if (parent >= 0) actions.push({ action: 'c2pa.opened', softwareAgent, parameters: { ingredientIds: [ids[parent]] } });
  else actions.push({ action: 'c2pa.created', softwareAgent, digitalSourceType: SOURCE_TYPE_BASE + spec.sourceType });
  spec.ingredients.forEach((ing, i) => {
    if (ing.relationship === 'componentOf') actions.push({ action: 'c2pa.placed', softwareAgent, parameters: { ingredientIds: [ids[i]] } });
  });
  for (const a of spec.actions) {
    actions.push({
      action: a.action,
      softwareAgent,
      digitalSourceType: SOURCE_TYPE_BASE + spec.sourceType,
      ...(a.description ? { description: a.description } : {}),
      ...(a.parameters ? { parameters: a.parameters } : {}),
    });
  }
  const definition = {
    claim_generator_info: [softwareAgent],
    title: spec.title,
    format: spec.mime,
    assertions: [{ label: 'c2pa.actions.v2', data: { actions } }],
  };
  const builder = WasmBuilder.fromJson(JSON.stringify(definition), JSON.stringify({ builder: { thumbnail: { enabled: false } }, verify: { verify_after_sign: false } }));
  try {
    for (const [i, ing] of spec.ingredients.entries()) {
      if (!supportsCredentials(ing.mime)) continue;
      await builder.addIngredientFromBlob(JSON.stringify({ title: ing.title, relationship: ing.relationship, label: ids[i], instance_id: ids[i] }), ing.mime, blobOf(ing.bytes));
    }
    const reserve = reserveSize(spec.signer);
    const out = await builder.sign({ alg: spec.signer.alg, reserveSize: reserve, sign: async (claim: Uint8Array) => coseSign1(spec.signer, claim, reserve) as Uint8Array<ArrayBuffer> }, [], spec.mime, blobOf(spec.bytes));
    return Buffer.from(out);
  } catch (err) {
    if (err instanceof LoupeError) throw err;
    throw new LoupeError('INTERNAL', `Loupe could not write content credentials into this image (${String(err).slice(0, 300)}).`);
  } finally {
    builder.free();
  }
}

function splitApp(app: string): [string, string | undefined] {
  const m = /^(.*?)\s+v?(\d[\w.+-]*)$/.exec(app.trim());
  return m ? [m[1]!, m[2]] : [app.trim() || 'Loupe', undefined];
}
