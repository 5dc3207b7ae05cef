/** deviceData as a device service sends it, made with the crypto package for refusal cases. */
import { createPublicKey } from 'node:crypto';
import type { DeviceRegistrationPayload } from '@mosip-trust/contracts';
import {
  type CertifiedKey,
  createRootCa,
  generateRsaKeyPair,
  issueCertificate,
  millisTimestamp,
  signJws,
} from '@mosip-trust/crypto';

export async function chipUnder(root: CertifiedKey, serialNo: string): Promise<CertifiedKey> {
  return (await issueCertificate(root, {
    subject: `CN=chip ${serialNo}, O=Test Chips, C=IN`,
    ca: false,
    keyUsage: 'signing',
    validityDays: 365,
  })) as CertifiedKey;
}

export const testFtmRoot = () =>
  createRootCa({ subject: 'CN=Test FTM Root, O=Test Chips, C=IN', validityDays: 365 });

export async function deviceData(
  chip: CertifiedKey,
  fields: Partial<DeviceRegistrationPayload> & { deviceProviderId: string; deviceProvider: string },
  opts: { digitalIdSerial?: string; at?: Date } = {},
): Promise<string> {
  const at = opts.at ?? new Date();
  const { privateKey } = await generateRsaKeyPair(2048);
  const base = {
    deviceId: '1',
    purpose: 'Registration' as const,
    serialNo: fields.serialNo ?? `S${Date.now()}`,
    make: 'MOSIP Trust',
    model: 'SINGLE01',
    type: 'Finger',
    deviceSubType: 'Single',
    certification: 'L0' as const,
    firmware: '0.9.5',
    deviceSubId: ['0'],
    ...fields,
  };
  const digitalId = await signJws(
    JSON.stringify({
      serialNo: opts.digitalIdSerial ?? base.serialNo,
      make: base.make,
      model: base.model,
      type: base.type,
      deviceSubType: base.deviceSubType,
      deviceProviderId: base.deviceProviderId,
      deviceProvider: base.deviceProvider,
      dateTime: millisTimestamp(at),
    }),
    chip,
  );
  const deviceInfo = await signJws(
    JSON.stringify({
      deviceSubId: base.deviceSubId,
      certification: base.certification,
      digitalId,
      firmware: base.firmware,
      deviceExpiry: millisTimestamp(new Date(at.getTime() + 365 * 86_400_000)),
      timestamp: millisTimestamp(at),
    }),
    chip,
  );
  const payload: DeviceRegistrationPayload = {
    ...base,
    devicePublicKey: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
    timestamp: millisTimestamp(at),
    deviceInfo,
  };
  return signJws(JSON.stringify(payload), chip);
}
