/**
 * Content Credentials per format (PNG, JPEG, WebP), at the byte level: keep (Loupe's XMP
 * embedding breaks the hard binding, a sidecar does not), re-sign (a new manifest naming
 * the original as parent, valid), tamper detection, and the signer. Every verdict is the
 * C2PA reference implementation's (c2pa-rs via @contentauth/c2pa-wasm).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coseSignerOf, createLocalSigner, signerFromPem, signerFromPkcs12 } from '../../electron/core/credentials/certificates';
import { readCredentials } from '../../electron/core/credentials/read';
import { signAsset } from '../../electron/core/credentials/sign';
import { CredentialsService } from '../../electron/core/credentials/credentials-service';
import { embedMetadata, type OutputMetadata } from '../../electron/core/export/metadata';
import { readSourceMetadata } from '../../electron/core/export/source-metadata';
import { MemorySecretStore } from '../../electron/core';
import { MIME, picture, sampleSigner, signedSample, type StillFormat } from '../fixtures/credentials';

const META: OutputMetadata = {
  jobId: 7,
  outputIndex: 0,
  prompt: 'a lighthouse at dusk',
  model: 'gpt-image-2.6-sunburst',
  params: { quality: 'high' },
  parentOutputId: null,
  createdAt: Date.UTC(2026, 11, 4),
  kind: 'generate',
  locked: false,
  requestIds: ['req_1'],
  app: 'Loupe 0.1.0',
};

const FOREIGN_XMP = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"><dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© Sample Rights Holder</rdf:li></rdf:Alt></dc:rights><xmpMM:InstanceID>xmp.iid:sample-1234</xmpMM:InstanceID></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

/** A service whose signer lives in memory, as in the web host. */
function service(): CredentialsService {
  // Only the signing and options paths are used here: no database or store needed.
  return new CredentialsService({
    db: { prepare: () => ({ run: () => undefined, get: () => undefined, pluck: () => ({ get: () => undefined }) }) } as never,
    store: null as never,
    settings: { get: () => null, set: () => undefined } as never,
    secrets: new MemorySecretStore(),
    appName: 'Loupe 0.1.0',
    now: Date.now,
    log: () => undefined,
  });
}

describe.each(['png', 'jpeg', 'webp'] as const)('%s', (format: StillFormat) => {
  const mime = MIME[format];

  it('reads a signed sample as valid, with its issuer, tool and AI claim; trusted once its root is trusted', async () => {
    const bytes = await signedSample(format);
    const { summary, raw } = await readCredentials(bytes, mime);
    expect(summary.state).toBe('valid');
    expect(summary.manifests[0]).toMatchObject({ issuer: 'Sample Camera Co', signer: 'Sample Camera Co', tool: 'Sample Generator 2.0', aiGenerated: true, digitalSourceType: 'trainedAlgorithmicMedia' });
    expect(JSON.parse(raw!)).toHaveProperty('active_manifest', summary.manifests[0]!.label);
    const root = (await sampleSigner()).chainPem[1]!;
    expect((await readCredentials(bytes, mime, { trustAnchors: root })).summary.state).toBe('trusted');
  });

  it('embedding XMP into the file breaks the manifest (the reason for the sidecar); the untouched bytes stay valid', async () => {
    const bytes = await signedSample(format);
    const embedded = await embedMetadata(bytes, format, META);
    expect((await readCredentials(embedded, mime)).summary.state).toBe('tampered');
    expect((await readCredentials(bytes, mime)).summary.state).toBe('valid');
  });

  it('re-signs an embedded copy: valid, Loupe as claim generator, the original (with its manifest) as parentOf', async () => {
    const original = await signedSample(format);
    const embedded = await embedMetadata(original, format, META);
    const signed = await service().sign({
      bytes: embedded,
      mime,
      title: 'saved',
      actions: [{ action: 'c2pa.edited.metadata', description: 'XMP embedded' }],
      ingredients: [{ bytes: original, mime, title: 'original', relationship: 'parentOf' }],
      sourceType: 'trainedAlgorithmicMedia',
    });
    const { summary } = await readCredentials(signed, mime);
    expect(summary.state).toBe('valid');
    expect(summary.manifests.map((m) => m.tool)).toEqual(['Loupe 0.1.0', 'Sample Generator 2.0']);
    expect(summary.manifests[0]!.ingredients).toEqual([{ title: 'original', relationship: 'parentOf', manifest: summary.manifests[1]!.label }]);
    expect(summary.manifests[1]!.state).toBe('valid');
    expect((await readSourceMetadata(signed)).xmp).toContain('a lighthouse at dusk');
  });

  it('credentialsForReencode: a resized, re-encoded copy gets a valid manifest naming the original', async () => {
    const original = await signedSample(format);
    const resized = await picture('png', { width: 320, height: 240 });
    const out = await service().credentialsForReencode(original, resized, 'png', [{ action: 'c2pa.resized', description: 'Exported at 320x240' }, { action: 'c2pa.transcoded', description: `${format} to PNG` }]);
    const { summary } = await readCredentials(out, 'image/png');
    expect(summary.state).toBe('valid');
    expect(summary.manifests[0]!.actions.map((a) => a.action)).toEqual(['c2pa.opened', 'c2pa.resized', 'c2pa.transcoded']);
    expect(summary.manifests[1]!.tool).toBe('Sample Generator 2.0');
    // GIF cannot carry credentials: its bytes come back as they were.
    const gif = Buffer.from('GIF89a-not-really');
    expect((await service().credentialsForReencode(original, gif, 'gif', [])).equals(gif)).toBe(true);
  });

  it('detects tampering: a changed byte in the image data, and a changed byte in the manifest', async () => {
    const bytes = await signedSample(format);
    const pixels = Buffer.from(bytes);
    pixels[pixels.length - 64]! ^= 0x01;
    const verdict = (await readCredentials(pixels, mime)).summary;
    expect(verdict.state).toBe('tampered');
    expect(verdict.message).toMatch(/^Tampered/);
    const claim = Buffer.from(bytes);
    const at = claim.indexOf(Buffer.from('Sample Generator'));
    expect(at).toBeGreaterThan(0);
    claim[at] = 'X'.charCodeAt(0);
    expect(['tampered', 'invalid']).toContain((await readCredentials(claim, mime)).summary.state);
  });

  it('keeps XMP the file already carries when Loupe embeds its own', async () => {
    const bytes = await picture(format, { xmp: FOREIGN_XMP });
    const xmp = (await readSourceMetadata(await embedMetadata(bytes, format, META))).xmp ?? '';
    expect(xmp).toContain('© Sample Rights Holder');
    expect(xmp).toContain('xmp.iid:sample-1234');
    expect(xmp).toContain('a lighthouse at dusk');
  });
});

describe('reading what carries no credentials', () => {
  it('says none for a plain image, and not supported for GIF and SVG', async () => {
    expect((await readCredentials(await picture('png'), 'image/png')).summary).toMatchObject({ state: 'none', message: 'This image carries no content credentials.' });
    expect((await readCredentials(Buffer.from('GIF89a'), 'image/gif')).summary.message).toBe('GIF images are not supported for content credentials.');
    expect((await readCredentials(Buffer.from('<svg/>'), 'image/svg+xml')).summary.message).toBe('SVG images are not supported for content credentials.');
  });
});

describe('signer', () => {
  it('makes a per-install CA and leaf whose signatures are IEEE P1363 and validate', async () => {
    const local = await createLocalSigner('Loupe on this computer');
    expect(local.chainPem).toHaveLength(2);
    const cose = coseSignerOf(local);
    expect(cose.alg).toBe('es256');
    const signed = await signAsset({ bytes: await picture('jpeg'), mime: 'image/jpeg', title: 't', app: 'Loupe 0.1.0', actions: [], ingredients: [], sourceType: 'trainedAlgorithmicMedia', signer: cose });
    expect((await readCredentials(signed, 'image/jpeg', { trustAnchors: local.chainPem[1] })).summary.state).toBe('trusted');
  });

  it('keeps the signer in its secret store, the same one across calls, and a new one after a reset', async () => {
    const secrets = new MemorySecretStore();
    const s = new CredentialsService({ db: { prepare: () => ({ pluck: () => ({}) }) } as never, store: null as never, settings: { get: () => null, set: () => undefined } as never, secrets, appName: 'Loupe 0.1.0', now: Date.now, log: () => undefined });
    const first = await s.signerView();
    expect(first).toMatchObject({ kind: 'local', subject: 'Loupe on this computer', issuer: 'Loupe on this computer CA', embedOverCredentials: false });
    const stored = await secrets.get();
    expect(stored).toContain('BEGIN PRIVATE KEY');
    expect(await s.signerView()).toEqual(first);
    await s.resetSigner();
    expect(await secrets.get()).not.toBe(stored);
  });

  it('loads an organisation certificate from PEM, and refuses the wrong ones with a clear reason', async () => {
    const org = await createLocalSigner('Acme Studio');
    const other = await createLocalSigner('Someone Else');
    const ok = signerFromPem(org.keyPem, org.chainPem.join('\n'));
    expect(ok.kind).toBe('organisation');
    expect(ok.chainPem).toEqual(org.chainPem);
    expect(() => signerFromPem(other.keyPem, org.chainPem.join('\n'))).toThrow('None of the certificates belongs to this private key');
    expect(() => signerFromPem('', org.chainPem.join('\n'))).toThrow('No private key was found');
    expect(() => signerFromPem(org.keyPem, '')).toThrow('No certificate was found');
    expect(() => signerFromPem(org.keyPem, org.chainPem.join('\n'), new Date(Date.now() + 20 * 365 * 24 * 3600_000))).toThrow(/expired on/);
    const s = service();
    const view = await s.loadSigner({ pem: { key: org.keyPem, certificates: org.chainPem.join('\n') } });
    expect(view).toMatchObject({ kind: 'organisation', subject: 'Acme Studio', issuer: 'Acme Studio CA' });
    const signed = await s.sign({ bytes: await picture('webp'), mime: 'image/webp', title: 't', actions: [], ingredients: [], sourceType: 'trainedAlgorithmicMedia' });
    expect((await readCredentials(signed, 'image/webp')).summary.manifests[0]!.issuer).toBe('Acme Studio');
  });

  const openssl = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!openssl)('loads a PKCS#12 file made by OpenSSL, and says so when the password is wrong or the file is not PKCS#12', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loupe-p12-'));
    try {
      const org = await createLocalSigner('Acme Studio');
      writeFileSync(join(dir, 'key.pem'), org.keyPem);
      writeFileSync(join(dir, 'leaf.pem'), org.chainPem[0]!);
      writeFileSync(join(dir, 'ca.pem'), org.chainPem[1]!);
      execFileSync('openssl', ['pkcs12', '-export', '-inkey', join(dir, 'key.pem'), '-in', join(dir, 'leaf.pem'), '-certfile', join(dir, 'ca.pem'), '-passout', 'pass:s3cret', '-out', join(dir, 'acme.p12')]);
      const p12 = readFileSync(join(dir, 'acme.p12'));
      const loaded = await signerFromPkcs12(p12, 's3cret');
      expect(loaded.chainPem).toEqual(org.chainPem);
      await expect(signerFromPkcs12(p12, 'wrong')).rejects.toThrow('The password does not open this PKCS#12 file');
      await expect(signerFromPkcs12(Buffer.from('not a p12'), 'x')).rejects.toThrow('This is not a PKCS#12 file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
