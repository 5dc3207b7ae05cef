import { createDecipheriv, createHash } from 'node:crypto';
import {
  type CertifiedKey,
  CryptoError,
  fromBase64Url,
  unwrapSessionKeyOnPool,
  verifyJws,
} from '@mosip-trust/crypto';

// The partner-side cryptography of MOSIP's authentication request (docs/trust-server.md,
// "Authentication API"): the detached JWS in the `signature` header over the raw body, and the
// `request` encrypted with a random AES-256 key sent RSA-OAEP-SHA256 encrypted as `requestSessionKey`,
// with `requestHMAC` the encrypted upper-case hex SHA-256 of the plain request. Symmetric layout as
// keymanager's CryptoCore.symmetricEncrypt: ciphertext ‖ tag(16) ‖ IV(16).

export type CryptoRefusal = {
  ok: false;
  code: 'IDA-MPA-001' | 'IDA-MPA-022' | 'IDA-MPA-003' | 'IDA-MPA-016' | 'IDA-MLC-009';
  message: string;
};

/**
 * Base64url (up to two padding characters tolerated) or nothing: MOSIP's decoders refuse anything else.
 * fromBase64Url refuses every other character and impossible lengths while it decodes; a regular
 * expression over the ~40 KB `request` first cost more than the decoding.
 */
export function strictBase64Url(text: string): Buffer | undefined {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  if (text.length - end > 2) return undefined;
  try {
    return fromBase64Url(end === text.length ? text : text.slice(0, end));
  } catch {
    return undefined;
  }
}

/** Verifies the detached JWS over the raw body; answers the certificate's upper-case hex SHA-256. */
export async function verifySignatureHeader(
  signature: string,
  rawBody: Buffer,
  at: Date,
): Promise<{ ok: true; thumbprint: string } | CryptoRefusal> {
  const parts = signature.split('.');
  if (parts.length !== 3 || parts[1] !== '')
    return {
      ok: false,
      code: 'IDA-MPA-001',
      message: 'Digital signature verification failed for signature header: not a detached JWS',
    };
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0] as string, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return {
      ok: false,
      code: 'IDA-MPA-001',
      message: 'Digital signature verification failed for signature header: unreadable JWS header',
    };
  }
  const x5c = header?.x5c;
  if (!(Array.isArray(x5c) ? x5c.length > 0 && typeof x5c[0] === 'string' : typeof x5c === 'string'))
    return { ok: false, code: 'IDA-MPA-022', message: 'Certificate (x5c) missing in the signature header' };
  try {
    const verified = await verifyJws(signature, { detachedPayload: rawBody, at });
    return {
      ok: true,
      thumbprint: createHash('sha256').update(verified.certificateDer).digest('hex').toUpperCase(),
    };
  } catch (e) {
    const why = e instanceof CryptoError ? `${e.code}: ${e.message}` : 'invalid signature';
    return {
      ok: false,
      code: 'IDA-MPA-001',
      message: `Digital signature verification failed for signature header (${why})`,
    };
  }
}

function aesOpen(key: Buffer, sealed: Buffer): Buffer {
  if (sealed.length < 33) throw new Error('too short');
  const iv = sealed.subarray(sealed.length - 16);
  const tag = sealed.subarray(sealed.length - 32, sealed.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  const plain = decipher.update(sealed.subarray(0, sealed.length - 32));
  // final() checks the tag and, GCM being a stream mode, returns nothing: no copy of the request.
  const rest = decipher.final();
  return rest.length === 0 ? plain : Buffer.concat([plain, rest]);
}

/** The thumbprint forms IDA accepts for the platform certificate: upper-case hex or base64url of the SHA-256. */
export function thumbprintMatches(thumbprint: string, certificateDer: Uint8Array): boolean {
  const digest = createHash('sha256').update(certificateDer).digest();
  return (
    thumbprint.toUpperCase() === digest.toString('hex').toUpperCase() ||
    thumbprint.replace(/=+$/, '') === digest.toString('base64url')
  );
}

/** Decrypts `request` and checks `requestHMAC`; answers the plain request text. */
export async function decryptAuthRequest(
  body: { thumbprint: string; requestSessionKey: string; requestHMAC: string; request: string },
  keys: CertifiedKey[],
): Promise<{ ok: true; plain: string } | CryptoRefusal> {
  const key = keys.find((k) => thumbprintMatches(body.thumbprint, k.certificateDer));
  if (!key)
    return {
      ok: false,
      code: 'IDA-MPA-003',
      message: 'Unable to decrypt Request: thumbprint names no platform encryption certificate',
    };
  const sessionKey = strictBase64Url(body.requestSessionKey);
  const sealedRequest = strictBase64Url(body.request);
  const sealedHmac = strictBase64Url(body.requestHMAC);
  if (!sessionKey || !sealedRequest || !sealedHmac)
    return {
      ok: false,
      code: 'IDA-MLC-009',
      message: 'Invalid Input parameter - requestSessionKey, requestHMAC and request must be base64url',
    };
  let aesKey: Buffer;
  try {
    // The request's one RSA private operation runs on libuv's thread pool (WebCrypto's RSA-OAEP,
    // the same OAEP-SHA256 with MGF1-SHA256 as privateDecrypt): the event loop serves other calls meanwhile.
    aesKey = await unwrapSessionKeyOnPool(key.privateKey, sessionKey);
  } catch {
    return {
      ok: false,
      code: 'IDA-MPA-003',
      message: 'Unable to decrypt Request: requestSessionKey does not open with the platform key',
    };
  }
  if (aesKey.length !== 32)
    return {
      ok: false,
      code: 'IDA-MPA-003',
      message: `Unable to decrypt Request: session key is ${aesKey.length} bytes, not 32`,
    };
  let plain: Buffer;
  let hmac: string;
  try {
    hmac = aesOpen(aesKey, sealedHmac).toString('utf8');
    plain = aesOpen(aesKey, sealedRequest);
  } catch {
    return {
      ok: false,
      code: 'IDA-MPA-003',
      message: 'Unable to decrypt Request: AES-GCM authentication failed',
    };
  }
  const digest = createHash('sha256').update(plain).digest('hex').toUpperCase();
  if (hmac !== digest)
    return {
      ok: false,
      code: 'IDA-MPA-016',
      message: 'HMAC Validation failed: requestHMAC is not the SHA-256 of the request',
    };
  return { ok: true, plain: plain.toString('utf8') };
}
