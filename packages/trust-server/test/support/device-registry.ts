import { type CertifiedKey, createRootCa, issueCertificate, signJws } from '@mosip-trust/crypto';
import { ROLES } from '../../src/index.ts';
import { orgOf, PM, uploadCa } from '../capability-fixtures.ts';
import type { TestPartner, TestServer } from './server.ts';

/**
 * The device registry's world, made through the API as a deployment makes it: an FTM provider whose chip
 * CA is approved (an FTM anchor), a device provider whose CA is in DEVICE, an approved device model and
 * SBI version, a machine client of the provider, and the signed deviceData a management server sends.
 */

const DAY = 86_400_000;

export interface RegistryWorld {
  s: TestServer;
  ftm: TestPartner;
  provider: TestPartner;
  /** A second device provider (another organisation), with its own CA in DEVICE. */
  other: TestPartner;
  /** The provider's CA (uploaded to DEVICE) and its management-server signing key. */
  providerCa: CertifiedKey;
  providerSigner: CertifiedKey;
  otherSigner: CertifiedKey;
  /** The FTM provider's approved chip CA: issues chip keys. */
  chipCa: CertifiedKey;
  /** A bearer token of the provider's machine client (client credentials). */
  clientToken: string;
  sbiVersion: string;
}

export const MODEL = { type: 'Finger', subType: 'Slap', make: 'RegMake', model: 'RegModel' };

async function ok<T>(
  res: Promise<{ status: number; body: { response: T; errors: unknown[] } }>,
  what: string,
) {
  const r = await res;
  if (r.status !== 200) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body.errors)}`);
  return r.body.response;
}

/** A device model (and, once per provider, an SBI version) of `provider`, approved by the admin. */
export async function approvedModel(
  s: TestServer,
  provider: TestPartner,
  m: { type: string; subType: string; make: string; model: string },
  sbiVersion?: string,
): Promise<void> {
  const detail = await ok(
    s.call<{ id: string }>('POST', `${PM}/devicedetail`, {
      token: provider.token,
      request: {
        deviceProviderId: provider.partnerId,
        deviceTypeCode: m.type,
        deviceSubTypeCode: m.subType,
        make: m.make,
        model: m.model,
      },
    }),
    'device detail',
  );
  await ok(
    s.call('PATCH', `${PM}/devicedetail`, {
      token: s.adminToken,
      request: { id: detail.id, approvalStatus: 'Activate' },
    }),
    'approve device detail',
  );
  if (!sbiVersion) return;
  const sbi = await ok(
    s.call<{ id: string }>('POST', `${PM}/securebiometricinterface`, {
      token: provider.token,
      request: {
        providerId: provider.partnerId,
        swBinaryHash: 'sha256:registry',
        swVersion: sbiVersion,
        swCreateDateTime: new Date(Date.now() - DAY).toISOString(),
        swExpiryDateTime: new Date(Date.now() + 365 * DAY).toISOString(),
      },
    }),
    'SBI',
  );
  await ok(
    s.call('PATCH', `${PM}/securebiometricinterface`, {
      token: s.adminToken,
      request: { id: sbi.id, approvalStatus: 'Activate' },
    }),
    'approve SBI',
  );
}

/** Onboards the FTM provider, the device providers, the chip, the model and the SBI version. */
export async function onboardRegistry(s: TestServer, sbiVersion = '0.9.5'): Promise<RegistryWorld> {
  const ftm = await s.partner(ROLES.FTM_PROVIDER);
  const provider = await s.partner(ROLES.DEVICE_PROVIDER);
  const other = await s.partner(ROLES.DEVICE_PROVIDER);
  // Device provider CAs in DEVICE (the admin uploads CA certificates), and their signing keys.
  const providerCa = await createRootCa({
    subject: `CN=DP CA, O=${orgOf(provider.partnerId)}, C=IN`,
    validityDays: 3650,
  });
  const otherCa = await createRootCa({
    subject: `CN=DP CA, O=${orgOf(other.partnerId)}, C=IN`,
    validityDays: 3650,
  });
  await uploadCa(s, providerCa.certificatePem, 'DEVICE');
  await uploadCa(s, otherCa.certificatePem, 'DEVICE');
  const signer = async (ca: CertifiedKey, org: string) =>
    (await issueCertificate(ca, {
      subject: `CN=Management Server, O=${org}, C=IN`,
      ca: false,
      keyUsage: 'signing',
      validityDays: 365,
    })) as CertifiedKey;
  const providerSigner = await signer(providerCa, orgOf(provider.partnerId));
  const otherSigner = await signer(otherCa, orgOf(other.partnerId));
  // The FTM provider's chip CA, approved: an FTM anchor.
  const chipCa = await createRootCa({
    subject: `CN=Chip CA, O=${orgOf(ftm.partnerId)}, C=IN`,
    validityDays: 3650,
  });
  const chip = await ok(
    s.call<{ id: string }>('POST', `${PM}/ftpchipdetail`, {
      token: ftm.token,
      request: { ftpProviderId: ftm.partnerId, make: 'ChipMake', model: 'ChipModel' },
    }),
    'chip',
  );
  await ok(
    s.call('POST', `${PM}/ftpchipdetail/uploadcertificate`, {
      token: ftm.token,
      request: {
        ftpProviderId: ftm.partnerId,
        ftpChipDeatilId: chip.id,
        certificateData: chipCa.certificatePem,
        organizationName: orgOf(ftm.partnerId),
        partnerDomain: 'FTM',
      },
    }),
    'chip certificate',
  );
  await ok(
    s.call('PATCH', `${PM}/ftpchipdetail`, {
      token: s.adminToken,
      request: { ftpChipDetailId: chip.id, approvalStatus: true },
    }),
    'approve chip',
  );
  await approvedModel(s, provider, MODEL, sbiVersion);
  await approvedModel(s, other, MODEL, sbiVersion);
  // The provider's machine client, logged in with client credentials.
  const created = await ok(
    s.call<{ client: { clientId: string }; secretKey: string }>('POST', '/v1/trust/clients', {
      token: provider.token,
      request: { name: 'management server' },
    }),
    'client',
  );
  const login = await s.call('POST', '/v1/authmanager/authenticate/clientidsecretkey', {
    request: { appId: 'partner', clientId: created.client.clientId, secretKey: created.secretKey },
  });
  const clientToken = login.headers.get('authorization');
  if (login.status !== 200 || !clientToken) throw new Error(`client login: ${login.status}`);
  return {
    s,
    ftm,
    provider,
    other,
    providerCa,
    providerSigner,
    otherSigner,
    chipCa,
    clientToken,
    sbiVersion,
  };
}

/** A chip key of a new device, issued by `ca` (default the world's approved chip CA). */
export async function chipKey(w: RegistryWorld, serialNo: string, ca = w.chipCa): Promise<CertifiedKey> {
  return (await issueCertificate(ca, {
    subject: `CN=FTM Chip ${serialNo}, O=${orgOf(w.ftm.partnerId)}, C=IN`,
    ca: false,
    keyUsage: 'signing',
    validityDays: 365,
  })) as CertifiedKey;
}

export interface DeviceDataOptions {
  serialNo: string;
  chip: CertifiedKey;
  /** Signs deviceData (default the provider's management-server key). */
  signer?: CertifiedKey;
  provider?: TestPartner;
  purpose?: string;
  certification?: string;
  ftpId?: string | null;
  timestamp?: string | null;
  digitalId?: Record<string, unknown>;
  deviceInfo?: Record<string, unknown>;
  deviceData?: Record<string, unknown>;
  /** masterdata's dialect: deviceInfo object, digitalId base64 JSON, timeStamp, deviceSubId string. */
  masterdata?: boolean;
}

/** The `deviceData` a management server sends, in the spec dialect unless `masterdata`. */
export async function deviceData(w: RegistryWorld, o: DeviceDataOptions): Promise<string> {
  const provider = o.provider ?? w.provider;
  const digitalId = {
    serialNo: o.serialNo,
    make: MODEL.make,
    model: MODEL.model,
    type: MODEL.type,
    deviceSubType: MODEL.subType,
    deviceProviderId: provider.partnerId,
    deviceProvider: orgOf(provider.partnerId),
    dateTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...o.digitalId,
  };
  const ts = o.timestamp === undefined ? new Date().toISOString() : o.timestamp;
  const certification = o.certification ?? (o.masterdata ? 'L0' : 'L1');
  const info: Record<string, unknown> = {
    deviceSubId: o.masterdata ? '1' : ['1', '2', '3'],
    certification,
    digitalId: o.masterdata
      ? Buffer.from(JSON.stringify(digitalId)).toString('base64')
      : await signJws(JSON.stringify(digitalId), o.chip),
    firmware: 'FW 1.0',
    deviceExpiry: new Date(Date.now() + 365 * DAY).toISOString(),
    ...(ts === null ? {} : o.masterdata ? { timeStamp: ts } : { timestamp: ts }),
    ...o.deviceInfo,
  };
  const ftpId = o.ftpId === undefined ? (certification === 'L0' ? '' : w.ftm.partnerId) : o.ftpId;
  const data = {
    deviceId: `dev-${o.serialNo}`,
    purpose: o.purpose ?? 'Auth',
    deviceInfo: o.masterdata ? info : await signJws(JSON.stringify(info), o.chip),
    foundationalTrustProviderId: ftpId,
    ...o.deviceData,
  };
  return signJws(JSON.stringify(data), o.signer ?? w.providerSigner);
}

/** The provider-signed `device` of a de-registration. */
export function deregistration(
  w: RegistryWorld,
  deviceCode: string,
  env = 'Developer',
  signer = w.providerSigner,
) {
  return signJws(JSON.stringify({ deviceCode, env }), signer);
}

export const REGISTER = '/v1/masterdata/registereddevices';

export function register(w: RegistryWorld, data: string, token = w.clientToken) {
  return w.s.call<string>('POST', REGISTER, {
    token,
    request: { deviceData: data },
  });
}
