/** Content Credentials in plain words: states, actions and source types as a person reads them. */
import type { CredentialState, ManifestSummary } from '../../../../electron/shared';
import { LOCAL_SIGNER_NAME } from '../../../../electron/shared';

export const STATE_LABEL: Record<CredentialState, string> = {
  trusted: 'Valid',
  valid: 'Valid, but the signer is not on the trust list',
  tampered: 'Tampered',
  invalid: 'Invalid',
  none: 'No content credentials',
  unsupported: 'Not supported for credentials',
};

const ACTIONS: Record<string, string> = {
  'c2pa.created': 'Created',
  'c2pa.opened': 'Opened',
  'c2pa.edited': 'Edited',
  'c2pa.edited.metadata': 'Metadata edited',
  'c2pa.placed': 'Placed',
  'c2pa.resized': 'Resized',
  'c2pa.transcoded': 'Re-encoded',
  'c2pa.converted': 'Converted',
  'c2pa.cropped': 'Cropped',
  'c2pa.color_adjustments': 'Colour adjusted',
};

export function actionWord(action: string): string {
  return ACTIONS[action] ?? action.replace(/^c2pa\./, '');
}

const SOURCE_TYPES: Record<string, string> = {
  trainedAlgorithmicMedia: 'made by an AI model',
  compositeWithTrainedAlgorithmicMedia: 'a composite that includes AI-generated content',
  algorithmicMedia: 'made by an algorithm',
  compositeSynthetic: 'a composite with synthetic content',
  digitalCapture: 'captured by a camera',
};

export function sourceTypeWords(t: string | null): string | null {
  return t ? (SOURCE_TYPES[t] ?? t) : null;
}

const RELATIONSHIPS: Record<string, string> = { parentOf: 'made from', componentOf: 'includes', inputTo: 'used as input' };

export function relationshipWord(r: string): string {
  return RELATIONSHIPS[r] ?? r;
}

/** Loupe's per-install signer: the UI says it is on no public trust list wherever it appears. */
export function isLocalSigner(m: ManifestSummary): boolean {
  return m.issuer === LOCAL_SIGNER_NAME;
}
