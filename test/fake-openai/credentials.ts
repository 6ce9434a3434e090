/**
 * Content Credentials as OpenAI attaches them to every GPT Image output: a C2PA manifest
 * whose claim generator is "OpenAI-API", with a c2pa.created action of digital source type
 * trainedAlgorithmicMedia, signed by a certificate chain. Here the chain is a test CA made
 * when first needed (no real OpenAI key exists here), and the manifest is written by the
 * C2PA reference implementation. Off by default: a manifest carries fresh ids, so bytes
 * would no longer repeat for the same request; turn it on with
 * setOptions({ contentCredentials: true }).
 */
import { coseSignerOf, createLocalSigner, type StoredSigner } from '../../electron/core/credentials/certificates';
import { signAsset } from '../../electron/core/credentials/sign';

export const FAKE_SIGNER_NAME = 'OpenAI test signer';

let signer: Promise<StoredSigner> | null = null;

/** The fake's signing chain (PEM, leaf first): a test can trust its root. */
export function fakeSigner(): Promise<StoredSigner> {
  signer ??= createLocalSigner(FAKE_SIGNER_NAME);
  return signer;
}

export async function withApiCredentials(bytes: Buffer, format: 'png' | 'jpeg' | 'webp'): Promise<Buffer> {
  const cose = coseSignerOf(await fakeSigner());
  return signAsset({
    bytes,
    mime: `image/${format}`,
    title: `image.${format === 'jpeg' ? 'jpg' : format}`,
    app: 'OpenAI-API',
    actions: [],
    ingredients: [],
    sourceType: 'trainedAlgorithmicMedia',
    signer: cose,
  });
}
