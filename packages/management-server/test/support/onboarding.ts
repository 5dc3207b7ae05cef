/**
 * Onboarding through the trust server's API, as people would do it: an FTM provider with an approved
 * chip (its CA uploaded to FTM), a device provider with an approved device model and SBI version, and
 * a machine client for the provider's management server.
 */
import { randomBytes } from 'node:crypto';
import { call, login, ok } from './api.ts';

const PM = '/v1/partnermanager';
const iso = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

export async function partner(
  base: string,
  adminToken: string,
  partnerId: string,
  organizationName: string,
  partnerType: 'FTM_Provider' | 'Device_Provider',
): Promise<string> {
  const username = `u${randomBytes(5).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  await ok(
    call(base, 'POST', '/v1/trust/accounts/signup', {
      request: { username, password, email: `${username}@example.org` },
    }),
    'signup',
  );
  const token = await login(base, username, password);
  await ok(
    call(base, 'POST', `${PM}/partners`, {
      token,
      request: {
        partnerId,
        organizationName,
        address: '1 Test Street',
        contactNumber: '+911234567890',
        emailId: `${username}@example.org`,
        partnerType,
      },
    }),
    `register ${partnerType}`,
  );
  await ok(
    call(base, 'POST', `${PM}/partners/${partnerId}/approve`, { token: adminToken }),
    'approve partner',
  );
  return token;
}

export async function approvedChip(
  base: string,
  adminToken: string,
  ftm: { token: string; partnerId: string; organizationName: string },
  model: string,
  chipCaPem: string,
): Promise<void> {
  const chip = await ok(
    call<{ id: string }>(base, 'POST', `${PM}/ftpchipdetail`, {
      token: ftm.token,
      request: { ftpProviderId: ftm.partnerId, make: 'MOSIP Trust', model },
    }),
    'chip',
  );
  await ok(
    call(base, 'POST', `${PM}/ftpchipdetail/uploadcertificate`, {
      token: ftm.token,
      request: {
        ftpProviderId: ftm.partnerId,
        ftpChipDeatilId: chip.id,
        isItForRegistrationDevice: false,
        certificateData: chipCaPem,
        organizationName: ftm.organizationName,
        partnerDomain: 'FTM',
      },
    }),
    'chip certificate',
  );
  await ok(
    call(base, 'PATCH', `${PM}/ftpchipdetail`, {
      token: adminToken,
      request: { ftpChipDetailId: chip.id, approvalStatus: true },
    }),
    'approve chip',
  );
}

export async function approvedModelAndSbi(
  base: string,
  adminToken: string,
  provider: { token: string; partnerId: string },
  model: { type: string; subType: string; make: string; model: string },
  sbi: { swVersion: string; swBinaryHash: string },
): Promise<void> {
  const detail = await ok(
    call<{ id: string }>(base, 'POST', `${PM}/devicedetail`, {
      token: provider.token,
      request: {
        deviceProviderId: provider.partnerId,
        deviceTypeCode: model.type,
        deviceSubTypeCode: model.subType,
        make: model.make,
        model: model.model,
      },
    }),
    'device model',
  );
  await ok(
    call(base, 'PATCH', `${PM}/devicedetail`, {
      token: adminToken,
      request: { id: detail.id, approvalStatus: 'Activate' },
    }),
    'approve device model',
  );
  const version = await ok(
    call<{ id: string }>(base, 'POST', `${PM}/securebiometricinterface`, {
      token: provider.token,
      request: {
        providerId: provider.partnerId,
        swBinaryHash: sbi.swBinaryHash,
        swVersion: sbi.swVersion,
        swCreateDateTime: iso(-1),
        swExpiryDateTime: iso(365),
      },
    }),
    'SBI version',
  );
  await ok(
    call(base, 'PATCH', `${PM}/securebiometricinterface`, {
      token: adminToken,
      request: { id: version.id, approvalStatus: 'Activate' },
    }),
    'approve SBI version',
  );
}

export async function machineClient(
  base: string,
  providerToken: string,
): Promise<{ clientId: string; secretKey: string }> {
  const created = await ok(
    call<{ client: { clientId: string }; secretKey: string }>(base, 'POST', '/v1/trust/clients', {
      token: providerToken,
      request: { name: `management server ${randomBytes(3).toString('hex')}` },
    }),
    'machine client',
  );
  return { clientId: created.client.clientId, secretKey: created.secretKey };
}
