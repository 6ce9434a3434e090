/**
 * The COSE_Sign1 signature of a C2PA claim (C2PA 2.1 §14.5), built here because the
 * WebAssembly build of c2pa-rs hands the whole structure to its caller ("direct COSE
 * handling"): protected header {alg, x5chain}, detached payload, and the signature over
 * the Sig_structure. ECDSA signatures are IEEE P1363 (r|s), as COSE requires; node's
 * default DER encoding is rejected by every C2PA validator.
 *
 * The result must fill exactly the space reserved for it, or the manifest's own byte
 * ranges no longer line up: an unprotected "pad" entry makes up the difference.
 */
import { sign as nodeSign, type KeyObject } from 'node:crypto';
import { Encoder, Tag } from 'cbor-x';
import { LoupeError } from '../../shared';

/** cbor-x, the CBOR codec c2pa-ts also uses: plain maps with integer keys, byte strings untagged. */
const cbor = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false } as ConstructorParameters<typeof Encoder>[0]);

export type CoseAlg = 'es256' | 'es384' | 'es512' | 'ps256' | 'ed25519';

const COSE_ALG_ID: Record<CoseAlg, number> = { es256: -7, es384: -35, es512: -36, ps256: -37, ed25519: -8 };
const HASH: Record<CoseAlg, string | null> = { es256: 'sha256', es384: 'sha384', es512: 'sha512', ps256: 'sha256', ed25519: null };

export interface CoseSigner {
  alg: CoseAlg;
  key: KeyObject;
  /** DER certificates, the signer's first, the root last (or left out). */
  chain: Buffer[];
}

/** Room for the chain, the signature and CBOR framing; the pad fills what is left. */
export function reserveSize(s: CoseSigner): number {
  return s.chain.reduce((n, c) => n + c.length, 0) + 1024;
}

export function rawSignature(s: CoseSigner, data: Buffer): Buffer {
  const hash = HASH[s.alg];
  if (s.alg === 'ps256') return nodeSign(hash, data, { key: s.key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 });
  if (s.alg === 'ed25519') return nodeSign(null, data, s.key);
  return nodeSign(hash, data, { key: s.key, dsaEncoding: 'ieee-p1363' });
}

export function coseSign1(s: CoseSigner, claim: Uint8Array, reserve: number): Uint8Array {
  const chain = s.chain.length === 1 ? s.chain[0] : s.chain;
  const protectedHeader = cbor.encode(new Map<number, unknown>([[1, COSE_ALG_ID[s.alg]], [33, chain]]));
  const toBeSigned = cbor.encode(['Signature1', protectedHeader, Buffer.alloc(0), Buffer.from(claim)]);
  const signature = rawSignature(s, toBeSigned);
  const build = (pad: number) => cbor.encode(new Tag([protectedHeader, new Map<string, unknown>([['pad', Buffer.alloc(pad)]]), null, signature], 18));
  // The pad's own length prefix grows at 24, 256 and 65,536 bytes: settle in a few steps.
  let pad = reserve - build(0).length;
  for (let i = 0; i < 4 && pad >= 0; i++) {
    const out = build(pad);
    if (out.length === reserve) return out;
    pad += reserve - out.length;
  }
  throw new LoupeError('INTERNAL', 'The content credentials signature did not fit the space reserved for it.');
}
