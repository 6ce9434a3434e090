/**
 * Reads and validates an image's C2PA manifest store with the reference implementation,
 * and sums it up in the terms a person needs: who signed, what it claims (AI generated,
 * tool, actions, ingredients), and whether it still holds.
 */
import type { CredentialState, CredentialSummary, ManifestSummary } from '../../shared';
import { c2pa } from './wasm';

export const CREDENTIAL_MIMES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type CredentialMime = (typeof CREDENTIAL_MIMES)[number];

export function supportsCredentials(mime: string): mime is CredentialMime {
  return (CREDENTIAL_MIMES as readonly string[]).includes(mime);
}

const AI_SOURCE_TYPES = ['trainedAlgorithmicMedia', 'compositeWithTrainedAlgorithmicMedia', 'algorithmicMedia', 'compositeSynthetic'];

export interface ReadOptions {
  /** PEM certificates of CAs to trust (an organisation's own root); none by default. */
  trustAnchors?: string;
  now?: number;
}

export interface ReadResult {
  summary: CredentialSummary;
  /** The whole manifest store as the reference implementation reports it (JSON text); null without one. */
  raw: string | null;
}

/** Offline always: no remote manifests, no OCSP. */
function context(trustAnchors?: string): string {
  return JSON.stringify({
    verify: { verify_trust: true, remote_manifest_fetch: false, ocsp_fetch: false },
    ...(trustAnchors ? { trust: { user_anchors: trustAnchors } } : {}),
  });
}

export async function readCredentials(bytes: Uint8Array, mime: string, opts: ReadOptions = {}): Promise<ReadResult> {
  const checkedAt = opts.now ?? Date.now();
  if (!supportsCredentials(mime)) {
    const kind = mime === 'image/gif' ? 'GIF' : mime === 'image/svg+xml' ? 'SVG' : mime.replace(/^image\//, '').toUpperCase();
    return { summary: { state: 'unsupported', message: `${kind} images are not supported for content credentials.`, manifests: [], problems: [], checkedAt }, raw: null };
  }
  const { WasmReader } = c2pa();
  let reader;
  try {
    reader = await WasmReader.fromBytes(mime, bytes, context(opts.trustAnchors));
  } catch (err) {
    const text = String(err);
    if (/JumbfNotFound|ManifestNotFound|NotFound|no JUMBF/i.test(text)) {
      return { summary: { state: 'none', message: 'This image carries no content credentials.', manifests: [], problems: [], checkedAt }, raw: null };
    }
    return {
      summary: { state: 'invalid', message: 'This image has content credentials that cannot be read: they are damaged.', manifests: [], problems: [text.slice(0, 300)], checkedAt },
      raw: null,
    };
  }
  try {
    const raw = reader.json();
    return { summary: summarise(JSON.parse(raw) as Store, checkedAt), raw };
  } finally {
    reader.free();
  }
}

interface Status {
  code: string;
  explanation?: string;
  url?: string;
}
interface Results {
  success?: Status[];
  failure?: Status[];
  informational?: Status[];
}
interface StoreIngredient {
  title?: string;
  relationship?: string;
  active_manifest?: string;
  validation_status?: Status[];
  validation_results?: { activeManifest?: Results };
}
interface StoreManifest {
  claim_generator?: string;
  claim_generator_info?: Array<{ name?: string; version?: string }>;
  signature_info?: { issuer?: string; common_name?: string; time?: string };
  assertions?: Array<{ label: string; data?: unknown }>;
  ingredients?: StoreIngredient[];
}
interface Store {
  active_manifest?: string;
  manifests?: Record<string, StoreManifest>;
  validation_state?: string;
  validation_status?: Status[];
  validation_results?: { activeManifest?: Results; ingredientDeltas?: Array<{ ingredientAssertionURI?: string; validationDeltas?: Results }> };
}

/** Codes that mean the bytes changed after signing, as opposed to a damaged or odd manifest. */
const TAMPER = /mismatch|claimSignature\.(?:invalid|mismatch)|hashedURI\.mismatch|dataHash|bmffHash|boxesHash/;

export function summarise(store: Store, checkedAt: number): CredentialSummary {
  const active = store.active_manifest;
  const manifests = store.manifests ?? {};
  const failures = store.validation_results?.activeManifest?.failure ?? (store.validation_status ?? []).filter((s) => s.code !== 'signingCredential.untrusted');
  const blocking = failures.filter((f) => f.code !== 'signingCredential.untrusted');
  const state = stateOf(store.validation_state, blocking);

  // The active manifest, then its ingredients' manifests in the order they were used (depth first), then any others.
  const order: string[] = [];
  const visit = (label: string | undefined): void => {
    if (!label || order.includes(label) || !manifests[label]) return;
    order.push(label);
    for (const ing of manifests[label].ingredients ?? []) visit(ing.active_manifest);
  };
  visit(active);
  for (const label of Object.keys(manifests)) visit(label);
  const ingredientState = new Map<string, CredentialState>();
  for (const m of Object.values(manifests)) {
    for (const ing of m.ingredients ?? []) {
      if (!ing.active_manifest) continue;
      const f = (ing.validation_results?.activeManifest?.failure ?? ing.validation_status ?? []).filter((s) => s.code !== 'signingCredential.untrusted');
      ingredientState.set(ing.active_manifest, f.length === 0 ? 'valid' : f.some((s) => TAMPER.test(s.code)) ? 'tampered' : 'invalid');
    }
  }
  const summaries = order.flatMap((label) => {
    const m = manifests[label];
    if (!m) return [];
    const own: CredentialState = label === active ? state : (ingredientState.get(label) ?? 'valid');
    // An ingredient's manifest whose later delta failed (changed since) is reported by the active manifest's state.
    return [manifestSummary(label, m, own)];
  });
  return {
    state,
    message: MESSAGES[state],
    manifests: summaries,
    problems: blocking.map((f) => `${f.code}${f.explanation ? `: ${f.explanation}` : ''}`),
    checkedAt,
  };
}

const MESSAGES: Record<CredentialState, string> = {
  trusted: 'Valid: the credentials are intact and the signer is on a trust list this install knows.',
  valid: 'Valid, but the signer is not on the trust list: the credentials are intact, and who signed them is as stated by their own certificate.',
  tampered: 'Tampered: the image or its credentials changed after they were signed, so what they say no longer describes this file.',
  invalid: 'Invalid: the credentials are damaged or malformed, so they cannot be relied on.',
  none: 'This image carries no content credentials.',
  unsupported: 'This format is not supported for content credentials.',
};

function stateOf(validationState: string | undefined, blocking: Status[]): CredentialState {
  if (validationState === 'Trusted' && blocking.length === 0) return 'trusted';
  if ((validationState === 'Valid' || validationState === 'Trusted') && blocking.length === 0) return 'valid';
  return blocking.some((f) => TAMPER.test(f.code)) ? 'tampered' : 'invalid';
}

interface RawAction {
  action?: string;
  description?: string;
  softwareAgent?: string | { name?: string; version?: string };
  digitalSourceType?: string;
}

function manifestSummary(label: string, m: StoreManifest, state: CredentialState): ManifestSummary {
  const actions = (m.assertions ?? [])
    .filter((a) => a.label === 'c2pa.actions' || a.label === 'c2pa.actions.v2' || /^c2pa\.actions(\.v2)?__\d+$/.test(a.label))
    .flatMap((a) => ((a.data as { actions?: RawAction[] } | undefined)?.actions ?? []))
    .map((a) => ({
      action: String(a.action ?? ''),
      description: a.description ?? null,
      softwareAgent: typeof a.softwareAgent === 'string' ? a.softwareAgent : a.softwareAgent?.name ? [a.softwareAgent.name, a.softwareAgent.version].filter(Boolean).join(' ') : null,
      digitalSourceType: a.digitalSourceType ?? null,
    }));
  const sourceType = actions.find((a) => a.digitalSourceType)?.digitalSourceType ?? null;
  const tool = m.claim_generator_info?.[0]?.name
    ? [m.claim_generator_info[0].name, m.claim_generator_info[0].version].filter(Boolean).join(' ')
    : (m.claim_generator ?? null);
  return {
    label,
    issuer: m.signature_info?.issuer ?? m.signature_info?.common_name ?? null,
    signer: m.signature_info?.common_name ?? null,
    signedAt: m.signature_info?.time ?? null,
    tool,
    aiGenerated: sourceType !== null && AI_SOURCE_TYPES.some((t) => sourceType.endsWith(`/${t}`) || sourceType === t),
    digitalSourceType: sourceType ? sourceType.slice(sourceType.lastIndexOf('/') + 1) : null,
    actions,
    ingredients: (m.ingredients ?? []).map((i) => ({ title: i.title ?? 'untitled', relationship: i.relationship ?? 'componentOf', manifest: i.active_manifest ?? null })),
    state,
  };
}
