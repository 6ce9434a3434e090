/**
 * Reads a PKCS#12 file (.p12/.pfx): PKI.js, the ASN.1/PKCS library the X.509 code here
 * already rests on, decrypts it with WebCrypto (PBES2 with AES, as OpenSSL 3 and current
 * keychains write; and the MAC is checked, so a wrong password is told apart).
 */
import { webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { LoupeError } from '../../shared';

const KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';

let engineSet = false;

export async function readPkcs12(bytes: Buffer, password: string): Promise<{ keyDer: Buffer; certsDer: Buffer[] }> {
  if (!engineSet) {
    pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'] }));
    engineSet = true;
  }
  const pwd = new TextEncoder().encode(password).buffer as ArrayBuffer;
  const asn1 = asn1js.fromBER(new Uint8Array(bytes).buffer as ArrayBuffer);
  if (asn1.offset === -1) throw new LoupeError('INVALID_ARGUMENTS', 'This is not a PKCS#12 file (.p12 or .pfx).');
  let pfx: pkijs.PFX;
  try {
    pfx = new pkijs.PFX({ schema: asn1.result });
  } catch {
    throw new LoupeError('INVALID_ARGUMENTS', 'This is not a PKCS#12 file (.p12 or .pfx).');
  }
  try {
    await pfx.parseInternalValues({ password: pwd, checkIntegrity: true });
  } catch {
    throw new LoupeError('INVALID_ARGUMENTS', 'The password does not open this PKCS#12 file (or the file is damaged).');
  }
  const safe = pfx.parsedValue?.authenticatedSafe;
  if (!safe) throw new LoupeError('INVALID_ARGUMENTS', 'The PKCS#12 file holds no keys or certificates.');
  try {
    await safe.parseInternalValues({ safeContents: safe.safeContents.map(() => ({ password: pwd })) });
  } catch (err) {
    throw new LoupeError('INVALID_ARGUMENTS', `The PKCS#12 file could not be decrypted (${err instanceof Error ? err.message : String(err)}).`);
  }
  let keyDer: Buffer | null = null;
  const certsDer: Buffer[] = [];
  for (const contents of safe.parsedValue?.safeContents ?? []) {
    for (const bag of contents.value.safeBags) {
      if (bag.bagId === SHROUDED_KEY_BAG) {
        const shrouded = bag.bagValue as pkijs.PKCS8ShroudedKeyBag;
        // Public in PKI.js's own PKCS#12 example; declared protected in its typings.
        await (shrouded as unknown as { parseInternalValues(p: { password: ArrayBuffer }): Promise<void> }).parseInternalValues({ password: pwd });
        if (shrouded.parsedValue) keyDer ??= Buffer.from(shrouded.parsedValue.toSchema().toBER(false));
      } else if (bag.bagId === KEY_BAG) {
        keyDer ??= Buffer.from((bag.bagValue as pkijs.PrivateKeyInfo).toSchema().toBER(false));
      } else if (bag.bagId === CERT_BAG) {
        const cert = (bag.bagValue as pkijs.CertBag).parsedValue;
        if (cert instanceof pkijs.Certificate) certsDer.push(Buffer.from(cert.toSchema().toBER(false)));
      }
    }
  }
  if (!keyDer) throw new LoupeError('INVALID_ARGUMENTS', 'The PKCS#12 file holds no private key; export it with the key included.');
  if (certsDer.length === 0) throw new LoupeError('INVALID_ARGUMENTS', 'The PKCS#12 file holds no certificate.');
  return { keyDer, certsDer };
}
