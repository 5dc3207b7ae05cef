import { createHash } from 'node:crypto';
import { pemToDerList, thumbprintHex } from '@mosip-trust/crypto';
import type { Deps } from '../../deps.ts';
import type { Actor } from '../../domain/actor.ts';
import { createClient } from '../accounts/clients.ts';
import { createDevice, createSbi, decideDevice, decideSbi } from '../device-models/service.ts';
import { createChip, decideChip, uploadChipCertificate } from '../ftm-chips/service.ts';
import { approvePartner, registerPartner } from '../partners/service.ts';

/** A device maker as `mosip-trust up` runs one: the FTM provider of its chips and the device provider. */
export interface DeviceMakerInput {
  ftm: { partnerId: string; organizationName: string; emailId: string; chipModel: string; chipCaPem: string };
  provider: {
    partnerId: string;
    organizationName: string;
    emailId: string;
    models: { type: string; subType: string; make: string; model: string }[];
    sbiVersion: string;
  };
  /** Name of the machine client its management server signs in with. */
  clientName: string;
}

const YEAR_MS = 365 * 86_400_000;

/**
 * Onboards a device maker through the same services the API calls, as an administrator (each step
 * audited under `actor`): both partners registered and approved, the chip model with its CA certificate
 * approved (the certificate joins the FTM trust anchors), every device model and the SBI version
 * approved, and a machine client for the device provider. Returns the client's credentials; the secret
 * is shown this once.
 */
export async function onboardDeviceMaker(
  deps: Deps,
  actor: Actor,
  input: DeviceMakerInput,
): Promise<{ clientId: string; secretKey: string }> {
  const contact = { address: 'Development platform', contactNumber: '+910000000000' };
  await registerPartner(deps, actor, {
    ...contact,
    partnerId: input.ftm.partnerId,
    organizationName: input.ftm.organizationName,
    emailId: input.ftm.emailId,
    partnerType: 'FTM_Provider',
  });
  await approvePartner(deps, actor, input.ftm.partnerId);
  const chip = await createChip(deps, actor, {
    ftpProviderId: input.ftm.partnerId,
    make: input.ftm.organizationName,
    model: input.ftm.chipModel,
  });
  const uploaded = await uploadChipCertificate(deps, actor, {
    ftpProviderId: input.ftm.partnerId,
    ftpChipDeatilId: chip.id,
    certificateData: input.ftm.chipCaPem,
    organizationName: input.ftm.organizationName,
    partnerDomain: 'FTM',
  });
  // The approval names the certificate reviewed, as the portal's approval does.
  const [der] = pemToDerList(uploaded.signedCertificateData);
  await decideChip(deps, actor, {
    ftpChipDetailId: chip.id,
    approvalStatus: true,
    ...(der ? { certificateThumbprint: thumbprintHex(der) } : {}),
  });

  const p = input.provider;
  await registerPartner(deps, actor, {
    ...contact,
    partnerId: p.partnerId,
    organizationName: p.organizationName,
    emailId: p.emailId,
    partnerType: 'Device_Provider',
  });
  await approvePartner(deps, actor, p.partnerId);
  for (const m of p.models) {
    const { id } = await createDevice(deps, actor, {
      deviceProviderId: p.partnerId,
      deviceTypeCode: m.type,
      deviceSubTypeCode: m.subType,
      make: m.make,
      model: m.model,
    });
    await decideDevice(deps, actor, { id, approvalStatus: 'Activate' });
  }
  const now = deps.clock.now().getTime();
  const sbi = await createSbi(deps, actor, {
    providerId: p.partnerId,
    swVersion: p.sbiVersion,
    swBinaryHash: `sha256:${createHash('sha256').update(`mosip-trust device service ${p.sbiVersion}`).digest('hex')}`,
    swCreateDateTime: new Date(now - 86_400_000).toISOString(),
    swExpiryDateTime: new Date(now + 5 * YEAR_MS).toISOString(),
  });
  await decideSbi(deps, actor, { id: sbi.id, approvalStatus: 'Activate' });
  const { client, secretKey } = await createClient(deps, actor, {
    name: input.clientName,
    roles: [],
    partnerId: p.partnerId,
  });
  return { clientId: client.clientId, secretKey };
}
