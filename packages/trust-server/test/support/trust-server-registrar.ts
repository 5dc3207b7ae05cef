import { createPublicKey } from 'node:crypto';
import type { DeviceRegistrationPayload, DeviceRegistrationResult } from '@mosip-trust/contracts';
import { issueCertificate, signJws, validateChain, verifyJws } from '@mosip-trust/crypto';
import { DeviceIdentity, type ManagementClient, StateStore } from '@mosip-trust/device-service';
import { orgOf } from '../capability-fixtures.ts';
import { type RegistryWorld, register } from './device-registry.ts';

/** A management server's registration on the device's behalf, over the trust server's MOSIP API. */
export class TrustServerRegistrar implements ManagementClient {
  constructor(
    private readonly w: RegistryWorld,
    private readonly stateDir: string,
    private readonly kek: string,
  ) {}

  async registerDevice(fromDevice: string): Promise<DeviceRegistrationResult> {
    // Validate the device first: its registration payload is signed by a chip under the FTM chip CA.
    const signed = await verifyJws(fromDevice);
    await validateChain(signed.certificateDer, { domain: 'FTM', anchors: [this.w.chipCa.certificateDer] });
    const p = JSON.parse(signed.payload.toString('utf8')) as DeviceRegistrationPayload;
    const store = await StateStore.open(this.stateDir, { MOSIP_DEVICE_KEK: this.kek });
    const identity = await DeviceIdentity.load(store, p.deviceId);
    if (!identity) throw new Error(`no device ${p.deviceId} in the state directory`);
    const chip = identity.ftmSigner();
    const digitalId = {
      serialNo: p.serialNo,
      make: p.make,
      model: p.model,
      type: p.type,
      deviceSubType: p.deviceSubType,
      deviceProviderId: p.deviceProviderId,
      deviceProvider: p.deviceProvider,
      dateTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    const deviceInfo = {
      deviceSubId: p.deviceSubId,
      certification: p.certification,
      digitalId: await signJws(JSON.stringify(digitalId), chip),
      firmware: p.firmware,
      deviceExpiry: new Date(Date.now() + 365 * 86_400_000).toISOString(),
      timestamp: p.timestamp,
      serviceVersion: '0.9.5',
    };
    const deviceData = await signJws(
      JSON.stringify({
        deviceId: p.deviceId,
        purpose: p.purpose,
        deviceInfo: await signJws(JSON.stringify(deviceInfo), chip),
        foundationalTrustProviderId: this.w.ftm.partnerId,
      }),
      this.w.providerSigner,
    );
    const res = await register(this.w, deviceData);
    if (res.status !== 200) throw new Error(`registration refused: ${JSON.stringify(res.body.errors)}`);
    const answer = JSON.parse((await verifyJws(res.body.response)).payload.toString('utf8')) as {
      deviceCode: string;
      env: 'Developer';
    };
    // The device certificate for the key the device generated, issued by the provider's CA (in DEVICE).
    const cert = await issueCertificate(this.w.providerCa, {
      subject: `CN=${p.model} ${p.serialNo}, O=${orgOf(this.w.provider.partnerId)}, C=IN`,
      ca: false,
      keyUsage: 'signing',
      validityDays: 30,
      publicKey: createPublicKey(p.devicePublicKey),
    });
    return { deviceCode: answer.deviceCode, env: answer.env, deviceCertificatePem: cert.certificatePem };
  }
}
