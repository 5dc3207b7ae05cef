/**
 * A device's identity and keys: the FTM chip key (never rotated; signs Auth digital IDs), the device key
 * (signs device info and capture data, and Registration/L0 digital IDs; rotated), and the registration
 * (deviceCode, env) once the device is registered. Persisted in the state directory, keys encrypted.
 */
import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import type { DigitalId } from '@mosip-trust/contracts';
import {
  derToPem,
  deviceTimestamp,
  type JwsSigner,
  parseCertificate,
  pemToDerList,
  signJws,
} from '@mosip-trust/crypto';
import { DeviceServiceError } from '../errors.ts';
import { asciiJson } from '../wire/json.ts';
import { type Certification, type DeviceKind, type Env, KIND_FACTS, type Purpose } from '../wire/model.ts';
import type { StateStore } from './state-store.ts';

export interface DeviceDescription {
  deviceId: string;
  kind: DeviceKind;
  purpose: Purpose;
  serialNo: string;
  make: string;
  model: string;
  deviceProvider: string;
  deviceProviderId: string;
  firmware: string;
}

export interface Registration {
  deviceCode: string;
  env: Env;
  registeredAt: string;
  /** 'development' when registered offline against the local development PKI. */
  via: 'development' | 'management-server';
  /** The certificate Auth captures are encrypted to, as the management server delivered it. */
  encryptionCertificatePem?: string;
}

/** What is stored per device (keys as encrypted PKCS#8 PEM). */
export interface StoredIdentity {
  description: DeviceDescription;
  ftm: { certificatePem: string; keyPem: string };
  device: { keyPem: string; certificatePem?: string };
  registration?: Registration;
}

export class DeviceIdentity {
  /**
   * Last signature per block, also while it is being made: identical JSON (same second, same status)
   * is not signed twice, not even by requests that arrive while the first signature is on the thread pool.
   */
  private readonly signed = new Map<'digitalId' | 'deviceInfo', { json: string; jws: Promise<string> }>();
  private digitalIdCache: { second: number; json: string; unsigned: string } | undefined;

  constructor(
    readonly description: DeviceDescription,
    private ftm: JwsSigner,
    private deviceKey: KeyObject,
    private deviceCertificateDer: Buffer | undefined,
    private registrationValue: Registration | undefined,
  ) {}

  static fileName(deviceId: string): string {
    return `device-${deviceId}.json`;
  }

  static async load(store: StateStore, deviceId: string): Promise<DeviceIdentity | undefined> {
    const stored = await store.readJson<StoredIdentity>(DeviceIdentity.fileName(deviceId));
    if (!stored) return undefined;
    const ftmDer = pemToDerList(stored.ftm.certificatePem)[0];
    if (!ftmDer)
      throw new DeviceServiceError('ERR_STATE', `FTM certificate of device ${deviceId} is missing`);
    const certDer = stored.device.certificatePem ? pemToDerList(stored.device.certificatePem)[0] : undefined;
    return new DeviceIdentity(
      stored.description,
      { privateKey: store.openKey(stored.ftm.keyPem), certificateDer: ftmDer },
      store.openKey(stored.device.keyPem),
      certDer,
      stored.registration,
    );
  }

  async save(store: StateStore): Promise<void> {
    const stored: StoredIdentity = {
      description: this.description,
      ftm: { certificatePem: derToPem(this.ftm.certificateDer), keyPem: store.sealKey(this.ftm.privateKey) },
      device: { keyPem: store.sealKey(this.deviceKey) },
    };
    if (this.deviceCertificateDer) stored.device.certificatePem = derToPem(this.deviceCertificateDer);
    if (this.registrationValue) stored.registration = this.registrationValue;
    await store.writeJson(DeviceIdentity.fileName(this.description.deviceId), stored);
  }

  get facts() {
    return KIND_FACTS[this.description.kind];
  }

  /** Registration devices are L0 (device key signs the digital ID); Auth devices L1 (FTM key). */
  get certification(): Certification {
    return this.description.purpose === 'Auth' ? 'L1' : 'L0';
  }

  get registration(): Registration | undefined {
    return this.deviceCertificateDer ? this.registrationValue : undefined;
  }

  get devicePublicKeyHolder(): KeyObject {
    return this.deviceKey;
  }

  get ftmCertificateDer(): Buffer {
    return Buffer.from(this.ftm.certificateDer);
  }

  get deviceCertificate(): Buffer | undefined {
    return this.deviceCertificateDer;
  }

  /** The device-key signer; only once registered (the certificate comes from registration). */
  deviceSigner(): JwsSigner {
    if (!this.deviceCertificateDer)
      throw new DeviceServiceError(
        'ERR_NOT_REGISTERED',
        `device ${this.description.deviceId} has no device certificate`,
      );
    return { privateKey: this.deviceKey, certificateDer: this.deviceCertificateDer };
  }

  ftmSigner(): JwsSigner {
    return this.ftm;
  }

  digitalId(at: Date = new Date()): DigitalId {
    const d = this.description;
    return {
      serialNo: d.serialNo,
      make: d.make,
      model: d.model,
      type: this.facts.type,
      deviceSubType: this.facts.deviceSubType,
      deviceProviderId: d.deviceProviderId,
      deviceProvider: d.deviceProvider,
      dateTime: deviceTimestamp(at),
    };
  }

  /**
   * The digital ID's ASCII JSON and its unsigned (base64url) form, built once per second: dateTime has
   * second resolution and every other field is fixed, and discovery asks for it per device per call.
   */
  private digitalIdForms(at: Date = new Date()): { json: string; unsigned: string } {
    const second = Math.floor(at.getTime() / 1000);
    if (this.digitalIdCache?.second !== second) {
      const json = asciiJson(this.digitalId(at));
      this.digitalIdCache = { second, json, unsigned: Buffer.from(json, 'utf8').toString('base64url') };
    }
    return this.digitalIdCache;
  }

  unsignedDigitalId(at?: Date): string {
    return this.digitalIdForms(at).unsigned;
  }

  /**
   * Signs on the thread pool: the digital ID's dateTime changes every second, and re-signing every
   * device's blocks on the event loop then would hold up every request in flight (docs/device-service.md).
   */
  private signOnce(slot: 'digitalId' | 'deviceInfo', json: string, signer: JwsSigner): Promise<string> {
    const last = this.signed.get(slot);
    if (last?.json === json) return last.jws;
    const jws = signJws(json, signer, { background: true });
    const entry = { json, jws };
    this.signed.set(slot, entry);
    jws.catch(() => {
      if (this.signed.get(slot) === entry) this.signed.delete(slot);
    });
    return jws;
  }

  /** Signed digital ID: FTM key for L1 (Auth), device key for L0 (Registration). */
  signedDigitalId(at?: Date): Promise<string> {
    const signer = this.certification === 'L1' ? this.ftm : this.deviceSigner();
    return this.signOnce('digitalId', this.digitalIdForms(at).json, signer);
  }

  /** Signed device info payload (device key). */
  signedDeviceInfo(payload: Record<string, unknown>): Promise<string> {
    return this.signOnce('deviceInfo', asciiJson(payload), this.deviceSigner());
  }

  /** Installs a new device key and certificate (registration or rotation). */
  install(deviceKey: KeyObject, certificateDer: Buffer, registration: Registration): void {
    const cert = parseCertificate(certificateDer);
    if (cert.notAfter.getTime() < Date.now())
      throw new DeviceServiceError('ERR_REGISTRATION', 'the issued device certificate has already expired');
    const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
    if (!spki(new X509Certificate(certificateDer).publicKey).equals(spki(createPublicKey(deviceKey)))) {
      throw new DeviceServiceError(
        'ERR_REGISTRATION',
        'the issued device certificate is not for this device key',
      );
    }
    this.deviceKey = deviceKey;
    this.deviceCertificateDer = Buffer.from(certificateDer);
    this.registrationValue = registration;
    this.signed.clear();
  }

  /** Forgets the registration (de-registration); keys stay. */
  deregister(): void {
    this.deviceCertificateDer = undefined;
    this.registrationValue = undefined;
    this.signed.clear();
  }
}
