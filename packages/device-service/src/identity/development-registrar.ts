/**
 * The offline development registrar (`--dev`): a ManagementClient that registers devices against the
 * local development PKI instead of a management server (docs/device-service.md, "Registration paths").
 */
import { createPublicKey, randomUUID } from 'node:crypto';
import { type CertifiedKey, issueCertificate, verifyJws } from '@mosip-trust/crypto';
import { DeviceServiceError } from '../errors.ts';
import type {
  DeviceRegistrationPayload,
  DeviceRegistrationResult,
  ManagementClient,
} from './management-client.ts';

/**
 * Offline registration against the local development PKI (--dev): checks the FTM signature, issues the
 * device certificate from the development device-provider CA, env "Developer".
 */
export class DevelopmentRegistrar implements ManagementClient {
  constructor(
    private readonly deviceProviderCa: CertifiedKey,
    private readonly organization: string,
  ) {}

  async registerDevice(deviceData: string): Promise<DeviceRegistrationResult> {
    const verified = await verifyJws(deviceData);
    const payload = JSON.parse(verified.payload.toString('utf8')) as DeviceRegistrationPayload;
    if (typeof payload.devicePublicKey !== 'string' || typeof payload.serialNo !== 'string') {
      throw new DeviceServiceError('ERR_REGISTRATION', 'deviceData lacks devicePublicKey or serialNo');
    }
    if (!verified.certificate.subject.includes(payload.serialNo))
      throw new DeviceServiceError(
        'ERR_REGISTRATION',
        'deviceData is not signed by the chip of this serial number',
      );
    const publicKey = createPublicKey(payload.devicePublicKey);
    const issued = await issueCertificate(this.deviceProviderCa, {
      subject: `CN=${payload.model} ${payload.serialNo}, O=${this.organization}, C=IN`,
      ca: false,
      keyUsage: 'signing',
      validityDays: 30,
      publicKey,
    });
    return {
      deviceCode: payload.deviceCode ?? randomUUID(),
      env: 'Developer',
      deviceCertificatePem: issued.certificatePem,
    };
  }
}
