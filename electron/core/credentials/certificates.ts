/**
 * Signing credentials for Loupe's own manifests: the per-install certificate Loupe makes
 * (a self-made CA and a leaf signed by it, ECDSA P-256) and an organisation's certificate
 * and key loaded from PEM or PKCS#12. @peculiar/x509 (the X.509 library c2pa-ts builds on)
 * writes and reads the certificates; node:crypto holds the keys and signs.
 *
 * A leaf must carry what C2PA 2.1 §14.5.1 asks of a claim signer: not a CA, digital
 * signature key usage, an extended key usage C2PA accepts, and a chain to its issuer.
 */
import { createPrivateKey, createPublicKey, webcrypto, type KeyObject } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { LoupeError } from '../../shared';
import type { CoseAlg, CoseSigner } from './cose';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/** email protection, document signing, C2PA claim signing (C2PA 2.1 §14.5.1). */
export const C2PA_EKUS = ['1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.36', '1.3.6.1.4.1.62558.2.1'];

/** What the secret store keeps: the key and the chain, as PEM text. */
export interface StoredSigner {
  kind: 'local' | 'organisation';
  keyPem: string;
  /** The signer's certificate first, then its issuers. */
  chainPem: string[];
}

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** A new CA and leaf for one install; `name` is who the certificates say they belong to. */
export async function createLocalSigner(name: string, now = new Date()): Promise<StoredSigner> {
  const subtle = webcrypto.subtle;
  const notBefore = new Date(now.getTime() - 24 * 3600_000);
  const notAfter = new Date(now.getTime() + 10 * 365 * 24 * 3600_000);
  const caKeys = (await subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const org = escapeDn(name);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${org} CA, O=${org}`,
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ECDSA_P256,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const leafKeys = (await subtle.generateKey(ECDSA_P256, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${org}, O=${org}`,
    issuer: ca.subject,
    notBefore,
    notAfter,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ECDSA_P256,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([C2PA_EKUS[0]!], false),
      await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca, false),
    ],
  });
  const pkcs8 = Buffer.from(await subtle.exportKey('pkcs8', leafKeys.privateKey));
  const keyPem = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }) as string;
  return { kind: 'local', keyPem, chainPem: [leaf.toString('pem'), ca.toString('pem')] };
}

/** The stored signer as COSE needs it; errors here mean the stored text is damaged. */
export function coseSignerOf(s: StoredSigner): CoseSigner {
  const key = createPrivateKey(s.keyPem);
  return { alg: algOf(key), key, chain: s.chainPem.map((p) => Buffer.from(new x509.X509Certificate(p).rawData)) };
}

export interface SignerFacts {
  subject: string;
  issuer: string;
  notAfter: number;
}

export function signerFacts(s: StoredSigner): SignerFacts {
  const leaf = new x509.X509Certificate(s.chainPem[0]!);
  return { subject: commonName(leaf.subject), issuer: commonName(leaf.issuer), notAfter: leaf.notAfter.getTime() };
}

/**
 * An organisation's key and chain from PEM text (key and certificates in one text or two).
 * Every refusal names what is wrong, so the person can fix the file rather than guess.
 */
export function signerFromPem(keyText: string, certText: string, now = new Date()): StoredSigner {
  const keyBlock = /-----BEGIN (?:EC |RSA |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:EC |RSA |ENCRYPTED )?PRIVATE KEY-----/.exec(`${keyText}\n${certText}`);
  if (!keyBlock) throw new LoupeError('INVALID_ARGUMENTS', 'No private key was found: paste or choose a PEM file with a "BEGIN PRIVATE KEY" block.');
  if (keyBlock[0].includes('ENCRYPTED')) throw new LoupeError('INVALID_ARGUMENTS', 'The private key is encrypted; export it without a password as PEM, or load a PKCS#12 file with its password.');
  let key: KeyObject;
  try {
    key = createPrivateKey(keyBlock[0]);
  } catch {
    throw new LoupeError('INVALID_ARGUMENTS', 'The private key could not be read: the text between its BEGIN and END lines is not a valid key. Paste the whole PEM file as exported.');
  }
  const certs = [...`${certText}\n${keyText}`.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => m[0]);
  if (certs.length === 0) throw new LoupeError('INVALID_ARGUMENTS', 'No certificate was found: add the signing certificate (and its issuers) as PEM "BEGIN CERTIFICATE" blocks.');
  const parsed = certs.map((c, i) => {
    try {
      return new x509.X509Certificate(c);
    } catch {
      throw new LoupeError('INVALID_ARGUMENTS', `Certificate ${i + 1} in the file could not be read.`);
    }
  });
  return checkedSigner(key, orderChain(key, parsed), now);
}

/** A PKCS#12 (.p12, .pfx) file and its password. */
export async function signerFromPkcs12(bytes: Buffer, password: string, now = new Date()): Promise<StoredSigner> {
  const { readPkcs12 } = await import('./pkcs12');
  const { keyDer, certsDer } = await readPkcs12(bytes, password);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyDer, format: 'der', type: 'pkcs8' });
  } catch (err) {
    throw new LoupeError('INVALID_ARGUMENTS', `The private key in the PKCS#12 file could not be read (${err instanceof Error ? err.message : String(err)}).`);
  }
  return checkedSigner(key, orderChain(key, certsDer.map((d) => new x509.X509Certificate(d))), now);
}

/** The certificate whose public key is the key's first, then each one's issuer as found. */
function orderChain(key: KeyObject, certs: x509.X509Certificate[]): x509.X509Certificate[] {
  const pub = createPublicKey(key).export({ format: 'der', type: 'spki' });
  const leaf = certs.find((c) => Buffer.from(c.publicKey.rawData).equals(pub));
  if (!leaf) throw new LoupeError('INVALID_ARGUMENTS', 'None of the certificates belongs to this private key: load the key with its own certificate.');
  const chain = [leaf];
  for (let cur = leaf; chain.length < certs.length; ) {
    const next = certs.find((c) => !chain.includes(c) && c.subject === cur.issuer);
    if (!next || cur.subject === cur.issuer) break;
    chain.push(next);
    cur = next;
  }
  return chain;
}

function checkedSigner(key: KeyObject, chain: x509.X509Certificate[], now: Date): StoredSigner {
  const leaf = chain[0]!;
  const name = commonName(leaf.subject);
  algOf(key);
  if (leaf.notAfter.getTime() < now.getTime()) throw new LoupeError('INVALID_ARGUMENTS', `The certificate "${name}" expired on ${leaf.notAfter.toISOString().slice(0, 10)}.`);
  if (leaf.notBefore.getTime() > now.getTime()) throw new LoupeError('INVALID_ARGUMENTS', `The certificate "${name}" is not valid before ${leaf.notBefore.toISOString().slice(0, 10)}.`);
  const bc = leaf.getExtension(x509.BasicConstraintsExtension);
  if (bc?.ca) throw new LoupeError('INVALID_ARGUMENTS', `"${name}" is a CA certificate; C2PA needs the signer's own (end-entity) certificate.`);
  const ku = leaf.getExtension(x509.KeyUsagesExtension);
  if (ku && (ku.usages & x509.KeyUsageFlags.digitalSignature) === 0) throw new LoupeError('INVALID_ARGUMENTS', `The certificate "${name}" is not allowed to make digital signatures (key usage).`);
  const eku = leaf.getExtension(x509.ExtendedKeyUsageExtension);
  if (!eku || !eku.usages.some((u) => C2PA_EKUS.includes(String(u)))) {
    throw new LoupeError('INVALID_ARGUMENTS', `The certificate "${name}" has no extended key usage C2PA accepts (email protection, document signing or C2PA claim signing).`);
  }
  if (chain.length === 1 && leaf.subject === leaf.issuer) throw new LoupeError('INVALID_ARGUMENTS', `"${name}" is self-signed; C2PA needs a certificate issued by a CA, with that CA's certificate.`);
  const keyPem = key.export({ format: 'pem', type: 'pkcs8' }) as string;
  return { kind: 'organisation', keyPem, chainPem: chain.map((c) => c.toString('pem')) };
}

export function algOf(key: KeyObject): CoseAlg {
  const t = key.asymmetricKeyType;
  if (t === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1' || curve === 'P-256') return 'es256';
    if (curve === 'secp384r1' || curve === 'P-384') return 'es384';
    if (curve === 'secp521r1' || curve === 'P-521') return 'es512';
    throw new LoupeError('INVALID_ARGUMENTS', `C2PA does not sign with the elliptic curve ${String(curve)}; use P-256, P-384 or P-521.`);
  }
  if (t === 'rsa' || t === 'rsa-pss') {
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new LoupeError('INVALID_ARGUMENTS', 'RSA keys shorter than 2048 bits are not accepted.');
    return 'ps256';
  }
  if (t === 'ed25519') return 'ed25519';
  throw new LoupeError('INVALID_ARGUMENTS', `C2PA does not sign with ${String(t)} keys; use ECDSA (P-256, P-384), RSA or Ed25519.`);
}

function commonName(dn: string): string {
  return /CN=([^,]+)/.exec(dn)?.[1]?.trim() ?? dn;
}

function escapeDn(s: string): string {
  return s.replace(/[,+"\\<>;=]/g, ' ').trim() || 'Loupe';
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
}
