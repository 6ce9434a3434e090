/** Content Credentials (C2PA): what an image's manifests say, and who Loupe signs as. */
import { z } from 'zod';
import { HashSchema } from './schemas';

/** Who Loupe's per-install certificate says it is: shown with a note that it is on no public trust list. */
export const LOCAL_SIGNER_NAME = 'Loupe on this computer';

/**
 * In plain words: trusted (valid, and the signer is on a trust list this install knows);
 * valid (intact, but the signer is not on a trust list); tampered (the image or its
 * manifest changed after signing); invalid (damaged or malformed credentials); none;
 * unsupported (GIF, SVG and other formats credentials are not read from).
 */
export const CredentialStateSchema = z.enum(['trusted', 'valid', 'tampered', 'invalid', 'none', 'unsupported']);
export type CredentialState = z.infer<typeof CredentialStateSchema>;

export const CredentialActionSchema = z.object({
  action: z.string(),
  description: z.string().nullable(),
  softwareAgent: z.string().nullable(),
  digitalSourceType: z.string().nullable(),
});

export const CredentialIngredientSchema = z.object({
  title: z.string(),
  relationship: z.string(),
  /** The label of the ingredient's own manifest in this store; null when it came without one. */
  manifest: z.string().nullable(),
});

export const ManifestSummarySchema = z.object({
  label: z.string(),
  /** The organisation (O) of the signing certificate, else its common name. */
  issuer: z.string().nullable(),
  /** The signing certificate's common name. */
  signer: z.string().nullable(),
  /** ISO time from the signature's time stamp, when there is one. */
  signedAt: z.string().nullable(),
  /** The tool that made the claim (claim generator). */
  tool: z.string().nullable(),
  /** A created or placed action says the content came from a trained model. */
  aiGenerated: z.boolean(),
  digitalSourceType: z.string().nullable(),
  actions: z.array(CredentialActionSchema),
  ingredients: z.array(CredentialIngredientSchema),
  /** Validation of this manifest alone: the active one's is the file's; an ingredient's as checked when it was added. */
  state: CredentialStateSchema,
});
export type ManifestSummary = z.infer<typeof ManifestSummarySchema>;

export const CredentialSummarySchema = z.object({
  state: CredentialStateSchema,
  /** One sentence for the person: what the state means for this image. */
  message: z.string(),
  /** The active manifest first, then the ingredients' manifests found in the store. */
  manifests: z.array(ManifestSummarySchema),
  /** Validator findings that made it tampered or invalid (codes and explanations). */
  problems: z.array(z.string()),
  checkedAt: z.number().int(),
});
export type CredentialSummary = z.infer<typeof CredentialSummarySchema>;

export const SignerViewSchema = z.object({
  kind: z.enum(['local', 'organisation']),
  subject: z.string(),
  issuer: z.string(),
  notAfter: z.number().int(),
  /** Whether saving with XMP embedded re-signs (true) or keeps the API's file untouched with an XMP sidecar (false, the default). */
  embedOverCredentials: z.boolean(),
});
export type SignerView = z.infer<typeof SignerViewSchema>;

const Base64 = z.string().max(1024 * 1024, 'The file is over 768 KB; a certificate file is far smaller.').regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Not base64 data.');

export const CredentialRequests = {
  asset: z.object({ hash: HashSchema }).strict(),
  loadSigner: z.union([
    z.object({ pem: z.object({ key: z.string().max(256 * 1024), certificates: z.string().max(512 * 1024) }).strict() }).strict(),
    z.object({ pkcs12: z.object({ dataBase64: Base64, password: z.string().max(1024) }).strict() }).strict(),
  ]),
  options: z.object({ embedOverCredentials: z.boolean() }).strict(),
};

export const RawManifestSchema = z.object({ json: z.string() });
