/**
 * MOSIP's authentication request (IDA AuthRequestDTO) as a relying partner sends it to
 * POST /idauthentication/v1/auth/{MISP-LK}/{partnerId}/{apiKey}: the identity request sealed with a
 * fresh AES-256 key (keymanager's layout), the key encrypted to the platform's encryption certificate
 * (RSA-OAEP-SHA256), and the whole body signed by the partner (detached JWS in the `signature` header).
 */
import {
  constants,
  createCipheriv,
  createHash,
  publicEncrypt,
  randomBytes,
  X509Certificate,
} from 'node:crypto';
import type { CertifiedKey } from './certificate-issuer.ts';
import { signDetachedJws } from './jws.ts';

type Json = Record<string, unknown>;

/** keymanager's CryptoCore.symmetricEncrypt layout: ciphertext ‖ tag ‖ IV(16). */
function seal(key: Buffer, plain: Buffer): Buffer {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([ct, cipher.getAuthTag(), iv]);
}

export interface AuthRequestInput {
  transactionId: string;
  /** The capture's biometrics, each {specVersion, data, hash, sessionKey, thumbprint}. */
  biometrics: Json[];
  /** DER of the platform's encryption certificate (IDA-FIR). */
  encryptionDer: Uint8Array;
  /** The partner's signature key and certificate. */
  signer: CertifiedKey;
  domainUri: string;
  env: string;
  individualId?: string;
  requestedAuth?: Json;
  /** Fields that replace the built ones (tests of refusals). */
  over?: Json;
}

export interface AuthRequest {
  body: Json;
  /** The exact JSON text to send (what the signature covers). */
  raw: string;
  /** The detached JWS for the `signature` header. */
  signature: string;
}

export async function buildAuthRequest(opts: AuthRequestInput): Promise<AuthRequest> {
  const plain = Buffer.from(
    JSON.stringify({ timestamp: new Date().toISOString(), biometrics: opts.biometrics }),
  );
  const key = randomBytes(32);
  const sessionKey = publicEncrypt(
    {
      key: new X509Certificate(Buffer.from(opts.encryptionDer)).publicKey,
      padding: constants.RSA_PKCS1_OAEP_PADDING,
      oaepHash: 'sha256',
    },
    key,
  );
  const body: Json = {
    id: 'mosip.identity.auth',
    version: '1.0',
    requestTime: new Date().toISOString(),
    transactionID: opts.transactionId,
    individualId: opts.individualId ?? '2345678901',
    individualIdType: 'UIN',
    specVersion: '0.9.5',
    thumbprint: createHash('sha256').update(opts.encryptionDer).digest('hex').toUpperCase(),
    domainUri: opts.domainUri,
    env: opts.env,
    consentObtained: true,
    requestedAuth: opts.requestedAuth ?? { bio: true },
    requestSessionKey: sessionKey.toString('base64url'),
    requestHMAC: seal(
      key,
      Buffer.from(createHash('sha256').update(plain).digest('hex').toUpperCase()),
    ).toString('base64url'),
    request: seal(key, plain).toString('base64url'),
    metadata: null,
    ...opts.over,
  };
  const raw = JSON.stringify(body);
  return { body, raw, signature: await signDetachedJws(raw, opts.signer) };
}
