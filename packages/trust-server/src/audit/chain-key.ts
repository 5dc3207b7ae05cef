import { createHmac, hkdfSync } from 'node:crypto';

/**
 * The audit chain's key: HKDF-SHA-256 of the KEK, so it is kept exactly like the platform's other keys
 * (under the KEK, outside the database). Someone who can write the database but does not hold the KEK
 * cannot recompute a valid chain or checkpoint.
 */
export function deriveAuditKey(kekHex: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(kekHex, 'hex'), '', 'mosip-trust audit chain v1', 32));
}

export function hmacHex(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}
