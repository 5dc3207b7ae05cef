import { type KeyObject, publicDecrypt, sign, verify } from 'node:crypto';
import { flattenedVerify, errors as joseErrors } from 'jose';
import {
  type CertificateInfo,
  copyInfo,
  type ParsedCertificate,
  parseBase64Cached,
  parseDerCached,
} from './certificate-info.ts';
import { asBuffer, fromBase64Url, toBase64, toBase64Url } from './encoding.ts';
import { assertBytes, assertObject, CryptoError } from './errors.ts';
import { spkiDer } from './keys.ts';
import { checkValidityDates } from './validity.ts';

/** The key and certificate a device (or the platform) signs with. */
export interface JwsSigner {
  privateKey: KeyObject;
  certificateDer: Uint8Array;
}

export interface VerifiedJws {
  header: Record<string, unknown>;
  payload: Buffer;
  certificateDer: Buffer;
  certificate: CertificateInfo;
}

export interface VerifyJwsOptions {
  /** Time at which x5c[0] must be valid (default now). */
  at?: Date;
  /** Payload for the detached form `header..signature`. */
  detachedPayload?: Uint8Array;
  /** When given, x5c[0] must be exactly this certificate (a registered device or partner certificate). */
  expectedCertificateDer?: Uint8Array;
}

/** RS256 is what devices emit; the others are verified as keymanager does. */
const ACCEPTED_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA', 'Ed25519'];
// DigestInfo prefix of SHA-256 inside an RSASSA-PKCS1-v1_5 signature (RFC 8017 §9.2 note 1).
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

const publicKeys = new WeakMap<KeyObject, Buffer>();

function assertSigner(signer: JwsSigner): void {
  if (signer?.privateKey?.type !== 'private' || signer.privateKey.asymmetricKeyType !== 'rsa') {
    throw new CryptoError('ERR_KEY', 'signer.privateKey must be an RSA private KeyObject (RS256)');
  }
  assertBytes(signer.certificateDer, 'signer.certificateDer');
  const cert = parseDerCached(signer.certificateDer);
  let spki = publicKeys.get(signer.privateKey);
  if (!spki) {
    spki = spkiDer(signer.privateKey);
    publicKeys.set(signer.privateKey, spki);
  }
  if (!spki.equals(cert.spki)) {
    throw new CryptoError('ERR_JWS_KEY_MISMATCH', 'the private key does not belong to signer.certificateDer');
  }
}

function payloadBytes(payload: Uint8Array | string): Uint8Array {
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  assertBytes(payload, 'payload');
  return payload;
}

/** The one RS256 protected header encoder: base64url of `{"x5c":[…],"alg":"RS256","typ":"JWT"}`. */
export function jwsHeaderSegment(certificateDer: Uint8Array): string {
  const header = JSON.stringify({ x5c: [toBase64(certificateDer)], alg: 'RS256', typ: 'JWT' });
  return toBase64Url(Buffer.from(header));
}

/** RS256 on libuv's thread pool (crypto.sign with a callback): the event loop serves other requests meanwhile. */
function signInBackground(input: Buffer, key: KeyObject): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    sign('sha256', input, key, (err, signature) => (err ? reject(err) : resolve(signature))),
  );
}

export interface SignJwsOptions {
  /**
   * Sign on libuv's thread pool instead of the event loop (same bytes: PKCS#1 v1.5 is deterministic).
   * For a server that signs while it answers other requests (docs/crypto.md, JWS signing).
   */
  background?: boolean;
}

/**
 * Compact JWS, RS256, header bytes exactly `{"x5c":["<std-base64 DER>"],"alg":"RS256","typ":"JWT"}`
 * (MockMDS / jose4j order: docs/crypto.md, JWS header).
 */
export async function signJws(
  payload: Uint8Array | string,
  signer: JwsSigner,
  opts: SignJwsOptions = {},
): Promise<string> {
  assertSigner(signer);
  const input = `${jwsHeaderSegment(signer.certificateDer)}.${toBase64Url(payloadBytes(payload))}`;
  const bytes = Buffer.from(input);
  const signature = opts.background
    ? await signInBackground(bytes, signer.privateKey)
    : sign('sha256', bytes, signer.privateKey);
  return `${input}.${toBase64Url(signature)}`;
}

/** Detached form `header..signature`: the signature covers base64url(payload) as usual. */
export async function signDetachedJws(payload: Uint8Array | string, signer: JwsSigner): Promise<string> {
  const [header, , signature] = (await signJws(payload, signer)).split('.');
  return `${header}..${signature}`;
}

// A device sends the same header (with its certificate, ~2 KB) in every JWS: the last few header
// segments are kept with their parsed, frozen header (callers only read it), its algorithm and the
// certificate its x5c[0] names, so a repeated header is neither decoded, parsed nor looked up again.
// Only headers that passed the header checks are kept; any other segment goes through them again.
const RECENT_HEADERS = 8;

interface KnownHeader {
  segment: string;
  header: Record<string, unknown>;
  alg: string;
  /** x5c[0], parsed on first use (its errors are thrown where verifyJws reaches the certificate). */
  certificate?: ParsedCertificate;
}

const recentHeaders: KnownHeader[] = [];

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function parseHeader(segment: string): Record<string, unknown> {
  let header: unknown;
  try {
    header = JSON.parse(fromBase64Url(segment).toString('utf8'));
  } catch (cause) {
    throw new CryptoError('ERR_JWS_INVALID', 'JWS header is not base64url JSON', { cause });
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) {
    throw new CryptoError('ERR_JWS_INVALID', 'JWS header is not a JSON object');
  }
  return header as Record<string, unknown>;
}

/** The header checks of verifyJws (JSON object, accepted alg, no crit), remembered for repeated headers. */
function knownHeader(segment: string): KnownHeader {
  for (const h of recentHeaders) if (h.segment === segment) return h;
  const header = parseHeader(segment);
  checkAlgorithm(header.alg);
  if (header.crit !== undefined) {
    throw new CryptoError('ERR_JWS_INVALID', 'JWS "crit" extensions are not supported');
  }
  const known: KnownHeader = { segment, header: deepFreeze(header), alg: header.alg as string };
  if (recentHeaders.length >= RECENT_HEADERS) recentHeaders.pop();
  recentHeaders.unshift(known);
  return known;
}

function checkAlgorithm(alg: unknown): void {
  if (typeof alg !== 'string') throw new CryptoError('ERR_JWS_INVALID', 'JWS header has no "alg"');
  if (alg.toLowerCase() === 'none') throw new CryptoError('ERR_JWS_ALG_NONE', 'unsigned JWS (alg "none")');
  if (/^HS\d+$/i.test(alg))
    throw new CryptoError('ERR_JWS_ALG_HMAC', `HMAC algorithm ${alg} is not accepted`);
  if (!ACCEPTED_ALGORITHMS.includes(alg)) {
    throw new CryptoError(
      'ERR_JWS_ALG',
      `algorithm ${alg} is not accepted (${ACCEPTED_ALGORITHMS.join(', ')})`,
    );
  }
}

/** x5c as an array (RFC 7515) or a single string (tolerated by keymanager): its first entry. */
function firstX5c(header: Record<string, unknown>): string {
  const x5c = header.x5c;
  const first = Array.isArray(x5c) ? x5c[0] : x5c;
  if (typeof first !== 'string' || first.length === 0) {
    throw new CryptoError('ERR_JWS_NO_CERTIFICATE', 'JWS header has no x5c certificate');
  }
  return first;
}

/**
 * Tells "signed by another key" from "content altered": recovering the PKCS#1 v1.5 block with the
 * certificate's key only yields a SHA-256 DigestInfo when that key made the signature.
 */
function signedByThisKey(signature: Buffer, publicKey: KeyObject): boolean {
  try {
    const recovered = publicDecrypt(publicKey, signature);
    return recovered.length === 51 && recovered.subarray(0, 19).equals(SHA256_DIGEST_INFO);
  } catch {
    return false;
  }
}

function verified(header: Record<string, unknown>, payload: Buffer, cert: ParsedCertificate): VerifiedJws {
  const certificate = copyInfo(cert.info);
  return { header, payload, certificateDer: certificate.der, certificate };
}

// The signing input (a capture JWS is 2–200 KB: the payload carries the encrypted record) is written
// into one reused buffer: a fresh allocation and copy per verification cost a third of the RSA
// verification. The buffer grows to the worst case (3 UTF-8 bytes per character) of the inputs seen,
// up to the cap; larger inputs get their own buffer (docs/verifier.md, "Where the time goes").
const SCRATCH_CAP = 1024 * 1024;
let scratch = Buffer.allocUnsafe(64 * 1024);

/** UTF-8 bytes of `header.payload`, valid until the next call (use them synchronously). */
function signingInputBytes(headerSegment: string, payloadSegment: string): Buffer {
  const maxBytes = (headerSegment.length + 1 + payloadSegment.length) * 3;
  if (maxBytes > SCRATCH_CAP) return Buffer.from(`${headerSegment}.${payloadSegment}`);
  if (scratch.length < maxBytes) {
    let size = scratch.length;
    while (size < maxBytes) size *= 2;
    scratch = Buffer.allocUnsafe(Math.min(size, SCRATCH_CAP));
  }
  let n = scratch.write(headerSegment);
  scratch[n++] = 0x2e; // '.'
  n += scratch.write(payloadSegment, n);
  return scratch.subarray(0, n);
}

function decodeSegment(segment: string, name: string): Buffer {
  try {
    return fromBase64Url(segment);
  } catch (cause) {
    throw new CryptoError('ERR_JWS_INVALID', `JWS ${name} is not base64url`, { cause });
  }
}

/**
 * Verifies a compact (or detached, with `detachedPayload`) JWS against its own x5c[0], as keymanager's
 * jwtVerify does: certificate dates, then the signature. Trust in the certificate is the caller's
 * separate step (validateChain).
 */
export async function verifyJws(jws: string, opts: VerifyJwsOptions = {}): Promise<VerifiedJws> {
  if (typeof jws !== 'string') throw new CryptoError('ERR_INVALID_INPUT', 'JWS must be a string');
  assertObject(opts, 'options');
  // The segments are cut at the two dots found by indexOf (split scans and copies the same way, but
  // builds an array for a text of up to a few hundred kilobytes).
  const text = jws.trim();
  const dot1 = text.indexOf('.');
  const dot2 = dot1 < 0 ? -1 : text.indexOf('.', dot1 + 1);
  if (dot2 < 0 || text.indexOf('.', dot2 + 1) >= 0) {
    const segments = text.split('.').length;
    throw new CryptoError('ERR_JWS_INVALID', `JWS must have 3 segments, has ${segments}`);
  }
  const headerSegment = text.slice(0, dot1);
  const payloadSegment = text.slice(dot1 + 1, dot2);
  const signature = text.slice(dot2 + 1);
  const known = knownHeader(headerSegment);
  const { header, alg } = known;

  let payloadB64 = payloadSegment;
  if (opts.detachedPayload !== undefined) {
    assertBytes(opts.detachedPayload, 'detachedPayload');
    const detached = toBase64Url(opts.detachedPayload);
    if (payloadSegment !== '' && payloadSegment !== detached) {
      throw new CryptoError('ERR_JWS_INVALID', 'JWS carries a payload that differs from detachedPayload');
    }
    payloadB64 = detached;
  } else if (payloadSegment === '') {
    throw new CryptoError('ERR_JWS_INVALID', 'detached JWS needs opts.detachedPayload');
  }
  if (signature === '') throw new CryptoError('ERR_JWS_INVALID', 'JWS signature segment is empty');

  known.certificate ??= parseBase64Cached(firstX5c(header));
  const cert = known.certificate;
  if (opts.expectedCertificateDer !== undefined) {
    assertBytes(opts.expectedCertificateDer, 'expectedCertificateDer');
    if (!asBuffer(opts.expectedCertificateDer).equals(cert.info.der)) {
      throw new CryptoError('ERR_JWS_KEY_MISMATCH', 'x5c[0] is not the expected certificate', {
        details: { thumbprint: cert.info.thumbprintHex },
      });
    }
  }
  checkValidityDates(cert.info, opts.at ?? new Date());

  const signatureBytes = decodeSegment(signature, 'signature');
  if (alg === 'RS256') {
    // The device algorithm takes node:crypto directly: jose goes through WebCrypto's thread pool,
    // which costs several times the RSA operation itself.
    if (cert.publicKey.asymmetricKeyType !== 'rsa') {
      throw new CryptoError('ERR_JWS_ALG', 'RS256 needs an RSA key in x5c[0]');
    }
    const modulusBytes = Math.ceil((cert.publicKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
    if (signatureBytes.length !== modulusBytes) {
      throw new CryptoError(
        'ERR_JWS_SIGNATURE',
        `RS256 signature is ${signatureBytes.length} bytes, not ${modulusBytes}`,
      );
    }
    if (!verify('sha256', signingInputBytes(headerSegment, payloadB64), cert.publicKey, signatureBytes)) {
      if (!signedByThisKey(signatureBytes, cert.publicKey)) {
        throw new CryptoError('ERR_JWS_KEY_MISMATCH', 'the JWS was not signed by the key of x5c[0]');
      }
      throw new CryptoError('ERR_JWS_SIGNATURE', 'JWS signature does not verify (header or payload altered)');
    }
    // A detached payload is the caller's bytes: decoding its base64url again would only copy them.
    const payload =
      opts.detachedPayload !== undefined
        ? asBuffer(opts.detachedPayload)
        : decodeSegment(payloadB64, 'payload');
    return verified(header, payload, cert);
  }
  let payload: Uint8Array;
  try {
    ({ payload } = await flattenedVerify(
      { protected: headerSegment, payload: payloadB64, signature },
      cert.publicKey,
      {
        algorithms: ACCEPTED_ALGORITHMS,
      },
    ));
  } catch (cause) {
    if (cause instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw new CryptoError(
        'ERR_JWS_SIGNATURE',
        'JWS signature does not verify (header or payload altered)',
        {
          cause,
        },
      );
    }
    if (
      cause instanceof joseErrors.JOSEAlgNotAllowed ||
      cause instanceof joseErrors.JOSENotSupported ||
      cause instanceof TypeError // jose: key type does not fit the algorithm
    ) {
      throw new CryptoError('ERR_JWS_ALG', `algorithm ${alg} does not fit the x5c[0] key`, { cause });
    }
    throw new CryptoError('ERR_JWS_INVALID', `JWS cannot be verified: ${(cause as Error).message}`, {
      cause,
    });
  }
  return verified(header, asBuffer(payload), cert);
}
