/**
 * Content Credentials for the library: reads and validates the manifests of stored images
 * (outputs, edit inputs, kit assets: all by hash), keeps a summary per image, and signs
 * what Loupe changes with the install's signer (or the organisation's, when loaded).
 *
 * The signer's key and certificates live in their own secret store (the OS keychain in
 * the desktop app, like the API key): never in the library database, so never in a backup.
 */
import { readFile } from 'node:fs/promises';
import type Database from 'better-sqlite3';
import { LOCAL_SIGNER_NAME, LoupeError, type CredentialSummary, type SignerView } from '../../shared';
import type { SettingsRepo } from '../db/settings-repo';
import type { SecretStore } from '../settings/secret-store';
import type { ContentStore } from '../store/content-store';
import {
  coseSignerOf,
  createLocalSigner,
  signerFacts,
  signerFromPem,
  signerFromPkcs12,
  type StoredSigner,
} from './certificates';
import type { CoseSigner } from './cose';
import { readCredentials, supportsCredentials } from './read';
import { signAsset, type CredentialAction, type CredentialIngredient, type SourceType } from './sign';

const OPTIONS_KEY = 'credentialsOptions';

export interface CredentialsDeps {
  db: Database.Database;
  store: ContentStore;
  settings: SettingsRepo;
  secrets: SecretStore;
  /** The claim generator, e.g. "Loupe 0.1.0". */
  appName: string;
  now: () => number;
  log: (message: string) => void;
}

export interface CredentialsOptions {
  embedOverCredentials: boolean;
}

export type LoadSignerRequest = { pem: { key: string; certificates: string } } | { pkcs12: { dataBase64: string; password: string } };

export class CredentialsService {
  private readonly upsert: Database.Statement;
  private signer: Promise<{ stored: StoredSigner; cose: CoseSigner }> | null = null;

  constructor(private readonly d: CredentialsDeps) {
    this.upsert = d.db.prepare(
      `INSERT INTO asset_credentials (hash, state, summary, checked_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (hash) DO UPDATE SET state = excluded.state, summary = excluded.summary, checked_at = excluded.checked_at`,
    );
  }

  /** Validates the stored image now (the bytes on disk, as they are) and records the result. */
  async check(hash: string): Promise<CredentialSummary> {
    const { bytes, mime } = await this.bytesOf(hash);
    return this.record(hash, bytes, mime);
  }

  /** Validates bytes already in memory (an output as it arrives) and records the result under its hash. */
  async record(hash: string, bytes: Uint8Array, mime: string): Promise<CredentialSummary> {
    const { summary } = await readCredentials(bytes, mime, { now: this.d.now() });
    try {
      this.upsert.run(hash, summary.state, JSON.stringify(summary), summary.checkedAt);
    } catch (err) {
      // An image deleted meanwhile: the verdict is still right for the bytes given.
      this.d.log(`content credentials of ${hash.slice(0, 12)}… not recorded: ${err instanceof Error ? err.message : String(err)}`);
    }
    return summary;
  }

  /** The whole manifest store as the validator reports it, for "View raw manifest". */
  async raw(hash: string): Promise<string> {
    const { bytes, mime } = await this.bytesOf(hash);
    const { raw, summary } = await readCredentials(bytes, mime);
    if (raw === null) throw new LoupeError('NOT_FOUND', summary.message);
    return raw;
  }

  /** Whether the image's active manifest was signed by this install's current signer (Loupe's own). */
  async isOwn(summary: CredentialSummary): Promise<boolean> {
    const active = summary.manifests[0];
    if (!active) return false;
    const view = await this.signerView();
    return active.signer === view.subject && active.tool?.startsWith(this.d.appName.split(' ')[0]!) === true;
  }

  options(): CredentialsOptions {
    try {
      const v = JSON.parse(this.d.settings.get(OPTIONS_KEY) ?? '{}') as Partial<CredentialsOptions>;
      return { embedOverCredentials: v.embedOverCredentials === true };
    } catch {
      return { embedOverCredentials: false };
    }
  }

  async setOptions(o: CredentialsOptions): Promise<SignerView> {
    this.d.settings.set(OPTIONS_KEY, JSON.stringify({ embedOverCredentials: o.embedOverCredentials }));
    return this.signerView();
  }

  async signerView(): Promise<SignerView> {
    const { stored } = await this.currentSigner();
    const facts = signerFacts(stored);
    return { kind: stored.kind, subject: facts.subject, issuer: facts.issuer, notAfter: facts.notAfter, embedOverCredentials: this.options().embedOverCredentials };
  }

  /** Replaces the signer with an organisation's certificate and key, checked by signing a test image first. */
  async loadSigner(req: LoadSignerRequest): Promise<SignerView> {
    const stored =
      'pem' in req
        ? signerFromPem(req.pem.key, req.pem.certificates, new Date(this.d.now()))
        : await signerFromPkcs12(Buffer.from(req.pkcs12.dataBase64, 'base64'), req.pkcs12.password, new Date(this.d.now()));
    const cose = coseSignerOf(stored);
    await this.proveSigner(cose);
    await this.d.secrets.set(JSON.stringify(stored));
    this.signer = Promise.resolve({ stored, cose });
    return this.signerView();
  }

  /** Back to a new per-install certificate (the organisation's key is forgotten). */
  async resetSigner(): Promise<SignerView> {
    await this.d.secrets.clear();
    this.signer = null;
    return this.signerView();
  }

  /**
   * Signs an image Loupe made from others: the actions describe what Loupe did, the
   * ingredients are what it was made from (their manifests go into the new store).
   */
  async sign(spec: { bytes: Uint8Array; mime: string; title: string; actions: CredentialAction[]; ingredients: CredentialIngredient[]; sourceType: SourceType }): Promise<Buffer> {
    const { cose } = await this.currentSigner();
    return signAsset({ ...spec, app: this.d.appName, signer: cose });
  }

  /**
   * A composite Loupe made of several images (edits:compose): signed when any of them
   * carries credentials, so theirs are not lost on the way into an edit. Each source is a
   * componentOf ingredient; the composite is AI-derived if any source says it is.
   */
  async signComposite(png: Buffer, sources: Array<{ bytes: Buffer; title: string }>, description: string): Promise<Buffer> {
    const read = await Promise.all(
      sources.map(async (s) => {
        const mime = mimeOfBytes(s.bytes);
        return { ...s, mime, summary: mime && supportsCredentials(mime) ? (await readCredentials(s.bytes, mime)).summary : null };
      }),
    );
    const carrying = read.filter((s) => s.summary && s.summary.manifests.length > 0);
    if (carrying.length === 0) return png;
    const ai = carrying.some((s) => s.summary!.manifests[0]?.aiGenerated);
    return this.sign({
      bytes: png,
      mime: 'image/png',
      title: 'Composite',
      actions: [{ action: 'c2pa.edited', description }],
      ingredients: read.flatMap((s) => (s.mime ? [{ bytes: s.bytes, mime: s.mime, title: s.title, relationship: 'componentOf' as const }] : [])),
      sourceType: ai ? 'compositeWithTrainedAlgorithmicMedia' : 'composite',
    });
  }

  /**
   * For any step that re-encodes or resizes an image (export, format change): the new bytes
   * with a manifest naming the original (and its credentials) as parent and `actions` as
   * what happened. Formats credentials cannot be written into come back unchanged.
   */
  async credentialsForReencode(originalBytes: Uint8Array, newBytes: Uint8Array, format: 'png' | 'jpeg' | 'webp' | 'gif' | 'svg', actions: CredentialAction[]): Promise<Buffer> {
    const mime = format === 'jpeg' ? 'image/jpeg' : `image/${format}`;
    const originalMime = mimeOfBytes(originalBytes);
    if (!supportsCredentials(mime)) return Buffer.from(newBytes);
    const original = supportsCredentials(originalMime ?? '') ? await readCredentials(originalBytes, originalMime!) : null;
    const sourceType: SourceType = original?.summary.manifests[0]?.digitalSourceType === 'compositeWithTrainedAlgorithmicMedia' ? 'compositeWithTrainedAlgorithmicMedia' : 'trainedAlgorithmicMedia';
    return this.sign({
      bytes: newBytes,
      mime,
      title: 'Exported image',
      actions,
      ingredients: originalMime ? [{ bytes: originalBytes, mime: originalMime, title: 'Original', relationship: 'parentOf' }] : [],
      sourceType,
    });
  }

  private currentSigner(): Promise<{ stored: StoredSigner; cose: CoseSigner }> {
    this.signer ??= this.loadStored().catch((err: unknown) => {
      this.signer = null;
      throw err;
    });
    return this.signer;
  }

  private async loadStored(): Promise<{ stored: StoredSigner; cose: CoseSigner }> {
    const text = await this.d.secrets.get();
    if (text) {
      try {
        const stored = JSON.parse(text) as StoredSigner;
        return { stored, cose: coseSignerOf(stored) };
      } catch (err) {
        this.d.log(`the stored content credentials signer could not be read (${err instanceof Error ? err.message : String(err)}); a new one is made`);
      }
    }
    const stored = await createLocalSigner(LOCAL_SIGNER_NAME, new Date(this.d.now()));
    await this.d.secrets.set(JSON.stringify(stored));
    return { stored, cose: coseSignerOf(stored) };
  }

  /** A certificate the validator would refuse is refused here, with its reason, before it replaces anything. */
  private async proveSigner(cose: CoseSigner): Promise<void> {
    const probe = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    let signed: Buffer;
    try {
      signed = await signAsset({ bytes: probe, mime: 'image/png', title: 'probe', app: this.d.appName, actions: [], ingredients: [], sourceType: 'trainedAlgorithmicMedia', signer: cose });
    } catch (err) {
      throw new LoupeError('INVALID_ARGUMENTS', `This certificate and key cannot sign content credentials: ${err instanceof Error ? err.message : String(err)}`);
    }
    const { summary } = await readCredentials(signed, 'image/png');
    if (summary.state !== 'valid' && summary.state !== 'trusted') {
      throw new LoupeError('INVALID_ARGUMENTS', `C2PA validators would reject credentials signed with this certificate: ${summary.problems.join('; ') || summary.message}`);
    }
  }

  private async bytesOf(hash: string): Promise<{ bytes: Buffer; mime: string }> {
    const path = this.d.store.pathOf(hash);
    if (!path) throw new LoupeError('NOT_FOUND', `Image ${hash.slice(0, 12)}… is not in the library.`);
    const bytes = await readFile(path);
    return { bytes, mime: mimeOfBytes(bytes) ?? 'application/octet-stream' };
  }
}

/** By the file's signature; what the image is, whatever its name says. */
export function mimeOfBytes(b: Uint8Array): string | null {
  const buf = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, 64));
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0x89504e47) return 'image/png';
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (buf.length >= 6 && buf.toString('latin1', 0, 3) === 'GIF') return 'image/gif';
  const head = buf.toString('utf8').trimStart();
  if (head.startsWith('<svg') || head.startsWith('<?xml')) return 'image/svg+xml';
  return null;
}
