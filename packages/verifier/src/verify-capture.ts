/**
 * Verifies a CAPTURE (Auth) or RCAPTURE (Registration) response against its request, check by check in
 * the order of MOSIP's authentication service (IDA filter and validator phases), with the project's
 * stricter device-registration checks after the signatures (docs/verifier.md). The first failing check
 * decides; the checks after it are reported as not run. Nothing biometric enters the trace.
 */
import { createHash } from 'node:crypto';
import type { VerificationCheck, VerificationDecision } from '@mosip-trust/contracts';
import {
  type CertificateInfo,
  CryptoError,
  fromBase64Any,
  openBiometric,
  parseTimestamp,
  thumbprintBytes,
  verifyHashChain,
  verifyJws,
} from '@mosip-trust/crypto';
import {
  type CaptureData,
  type CaptureElement,
  type CaptureRequest,
  type CaptureResponse,
  type DigitalId,
  fieldText,
  InputError,
  type Purpose,
  readCaptureRequest,
  readCaptureResponse,
  readJsonObject,
} from './capture-input.ts';
import type {
  CaptureTrustDomain,
  DecryptionKey,
  RegisteredDeviceRecord,
  VerifierDependencies,
  VerifierOptions,
} from './dependencies.ts';
import { CheckFailure, ERROR_CODES, type VerifierErrorCode } from './errors.ts';
import { validateCached } from './trust-cache.ts';

const DEFAULT_ENVS = ['Staging', 'Developer', 'Pre-Production', 'Production'];
const DEFAULT_AUTH_WINDOW = { pastMs: 60_000, futureMs: 30_000 };
const DEFAULT_REGISTRATION_WINDOW = { pastMs: 300_000, futureMs: 300_000 };
const DEFAULT_SEGMENT_MS = 120_000;
const DEFAULT_REPLAY_TTL_MS = 600_000;
const DIGITAL_ID_FIELDS = [
  'serialNo',
  'make',
  'model',
  'type',
  'deviceSubType',
  'deviceProvider',
  'deviceProviderId',
] as const;

/** What the checks learn about one biometric element, filled in as they pass. */
interface Element {
  index: number;
  raw: CaptureElement;
  payloadText: string;
  data: CaptureData;
  dataCertificate: CertificateInfo;
  digitalId: DigitalId;
  digitalIdCertificate: CertificateInfo;
  /** Auth: the decryption key the thumbprint names (set by the thumbprint check). */
  key?: DecryptionKey;
  /** Auth: the result (or error) of the single openBiometric call shared by sessionKey and bioValue. */
  opened?: Buffer | CryptoError;
  plain: Buffer;
}

interface State {
  deps: VerifierDependencies;
  opts: VerifierOptions;
  keys: DecryptionKey[];
  now: Date;
  input: { response: unknown; request: unknown };
  request: CaptureRequest;
  response: CaptureResponse;
  purpose: Purpose;
  elements: Element[];
  registered: Map<string, RegisteredDeviceRecord>;
  times: Map<string, number>;
}

type Outcome = string | { notRun: string };
type Check = { name: string; run: (s: State) => Promise<Outcome> | Outcome };

function readInput<T>(read: () => T, code: VerifierErrorCode): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof InputError) fail(code, e.message);
    throw e;
  }
}

function fail(code: VerifierErrorCode, reason: string): never {
  throw new CheckFailure(code, reason);
}

const where = (e: { index: number }) => `biometrics[${e.index}]`;
const str = (v: unknown): string => fieldText(v) ?? '';

function jwsFailure(
  e: unknown,
  codes: { signature: VerifierErrorCode; certificate: VerifierErrorCode },
  name: string,
): never {
  if (e instanceof CryptoError) {
    // A signature that does not verify with the x5c[0] key is a signature failure whether the signature
    // or the certificate was swapped: RSA cannot tell the two apart.
    const certificate = [
      'ERR_JWS_NO_CERTIFICATE',
      'ERR_CERT_PARSE',
      'ERR_CERT_EXPIRED',
      'ERR_CERT_NOT_YET_VALID',
    ].includes(e.code);
    fail(certificate ? codes.certificate : codes.signature, `${name}: ${e.code}: ${e.message}`);
  }
  throw e;
}

function chainFailure(e: unknown, code: VerifierErrorCode, name: string, domain: string): never {
  if (e instanceof CryptoError) fail(code, `${name} in ${domain}: ${e.code}: ${e.message}`);
  throw e;
}

/** Finger/FMR → finger, Iris → iris, Face → face, case-insensitively (IDA's mapping of bioType). */
function modality(bioType: string): string {
  const t = bioType.toLowerCase();
  return t === 'fmr' ? 'finger' : t;
}

/** A timestamp in ms; each text is parsed once per verification (three checks read the same ones). */
function parseTime(s: State, text: unknown, name: string): number {
  if (typeof text !== 'string' || text === '') fail('VER_TIMESTAMP_FORMAT', `${name} missing`);
  const known = s.times.get(text);
  if (known !== undefined) return known;
  let t: number;
  try {
    t = parseTimestamp(text).getTime();
  } catch {
    return fail('VER_TIMESTAMP_FORMAT', `${name} ${JSON.stringify(text.slice(0, 40))} is not a date-time`);
  }
  s.times.set(text, t);
  return t;
}

function registryKey(d: DigitalId, deviceCode: string): string {
  return JSON.stringify([deviceCode, str(d.serialNo), str(d.deviceProviderId)]);
}

// The checks are built once: creating them per verification cost a closure (and, under tsx, a
// defineProperty for its name) per check and call (docs/verifier.md, "Where the time goes").
const CHECKS: Check[] = [
  {
    name: 'request',
    run: (s) => {
      s.request = readInput(() => readCaptureRequest(s.input.request), 'VER_REQUEST_INVALID');
      return `transactionId ${s.request.transactionId}, env ${s.request.env}`;
    },
  },
  {
    // IDA #5: every element has data.
    name: 'response',
    run: (s) => {
      s.response = readInput(() => readCaptureResponse(s.input.response), 'VER_RESPONSE_INVALID');
      // CAPTURE requests say Auth; without a purpose, CAPTURE is recognised by its session s.keys.
      s.purpose =
        s.request.purpose ?? (s.response.biometrics.some((b) => b.sessionKey) ? 'Auth' : 'Registration');
      for (const [i, e] of s.response.biometrics.entries()) {
        if (e.errorCode !== undefined && e.errorCode !== '0')
          fail('VER_ELEMENT_ERROR', `biometrics[${i}] carries device error ${e.errorCode}`);
        if (e.data === '') fail('VER_ELEMENT_ERROR', `biometrics[${i}].data is empty`);
      }
      return `${s.response.biometrics.length} element(s), purpose ${s.purpose}`;
    },
  },
  {
    // IDA #6: the data JWS with its own x5c[0] (dates, signature).
    name: 'data.signature',
    run: async (s) => {
      s.elements = [];
      for (const [index, raw] of s.response.biometrics.entries()) {
        let verified: Awaited<ReturnType<typeof verifyJws>>;
        try {
          verified = await verifyJws(raw.data, { at: s.now });
        } catch (e) {
          jwsFailure(
            e,
            { signature: 'VER_DATA_SIGNATURE', certificate: 'VER_DATA_CERTIFICATE' },
            `biometrics[${index}].data`,
          );
        }
        s.elements.push({
          index,
          raw,
          payloadText: verified.payload.toString('utf8'),
          data: {},
          dataCertificate: verified.certificate,
          digitalId: {},
          digitalIdCertificate: verified.certificate, // replaced by digitalId.signature
          plain: Buffer.alloc(0),
        });
      }
      return 'every data JWS verifies with its x5c[0] (RS256, certificate dates)';
    },
  },
  {
    // IDA #6: trust path to DEVICE.
    name: 'data.trust',
    run: async (s) => {
      const material = await s.deps.trustAnchors.material('DEVICE');
      const subjects = new Set<string>();
      for (const e of s.elements) {
        try {
          subjects.add((await validateCached(e.dataCertificate, 'DEVICE', material, s.now)).description);
        } catch (err) {
          chainFailure(err, 'VER_DATA_UNTRUSTED', `${where(e)}.data certificate`, 'DEVICE');
        }
      }
      return `DEVICE path: ${[...subjects].join('; ')}`;
    },
  },
  {
    // IDA #7: sessionKey present; payload JSON with bioValue and timestamp.
    name: 'data.fields',
    run: (s) => {
      for (const e of s.elements) {
        try {
          e.data = readJsonObject(e.payloadText, `${where(e)}.data payload`);
        } catch (err) {
          fail('VER_DATA_FIELDS', (err as Error).message);
        }
        if (typeof e.data.bioValue !== 'string' || e.data.bioValue === '')
          fail('VER_DATA_FIELDS', `${where(e)}.data.bioValue missing`);
        if (typeof e.data.timestamp !== 'string' || e.data.timestamp === '')
          fail('VER_DATA_FIELDS', `${where(e)}.data.timestamp missing`);
        if (s.purpose === 'Auth' && !e.raw.sessionKey)
          fail('VER_DATA_FIELDS', `${where(e)}.sessionKey missing (Auth)`);
      }
      return `bioValue and timestamp present${s.purpose === 'Auth' ? ', sessionKey present' : ''}`;
    },
  },
  {
    // Project check (IDA does not read purpose): CAPTURE data is Auth, RCAPTURE data Registration.
    name: 'purpose',
    run: (s) => {
      for (const e of s.elements) {
        if (e.data.purpose !== s.purpose)
          fail(
            'VER_PURPOSE',
            `${where(e)}.data.purpose is ${JSON.stringify(e.data.purpose)}, not ${s.purpose}`,
          );
      }
      return `every element is ${s.purpose}`;
    },
  },
  {
    // IDA #8: the digital ID JWS (FTM chip key for Auth; device key, same certificate, for Registration).
    name: 'digitalId.signature',
    run: async (s) => {
      // Elements of one device carry the same signed digital ID: verified once per verification.
      const done = new Map<string, { certificate: CertificateInfo; digitalId: DigitalId }>();
      for (const e of s.elements) {
        const jws = e.data.digitalId;
        if (typeof jws !== 'string' || jws === '')
          fail('VER_DIGITAL_ID_SIGNATURE', `${where(e)}.data.digitalId missing`);
        if (jws.split('.').length !== 3)
          fail('VER_DIGITAL_ID_SIGNATURE', `${where(e)}.data.digitalId is not a JWS (unsigned digital ID)`);
        const known = done.get(jws);
        if (known) {
          e.digitalIdCertificate = known.certificate;
          e.digitalId = { ...known.digitalId };
          continue;
        }
        try {
          const verified = await verifyJws(jws, { at: s.now });
          e.digitalIdCertificate = verified.certificate;
          e.digitalId = readJsonObject(
            verified.payload.toString('utf8'),
            `${where(e)}.data.digitalId payload`,
          );
          done.set(jws, { certificate: verified.certificate, digitalId: { ...e.digitalId } });
        } catch (err) {
          if (err instanceof InputError) fail('VER_DIGITAL_ID_SIGNATURE', err.message);
          jwsFailure(
            err,
            { signature: 'VER_DIGITAL_ID_SIGNATURE', certificate: 'VER_DIGITAL_ID_CERTIFICATE' },
            `${where(e)}.data.digitalId`,
          );
        }
      }
      return 'every digital ID JWS verifies with its x5c[0]';
    },
  },
  {
    name: 'digitalId.trust',
    run: async (s) => {
      const used = new Set<CaptureTrustDomain>();
      for (const e of s.elements) {
        // Registration devices sign the digital ID with the device key (regproc checks it in Device);
        // a Registration digital ID with another certificate is an L1 chip signature (FTM).
        const domain: CaptureTrustDomain =
          s.purpose === 'Registration' && e.digitalIdCertificate.der.equals(e.dataCertificate.der)
            ? 'DEVICE'
            : 'FTM';
        used.add(domain);
        try {
          await validateCached(
            e.digitalIdCertificate,
            domain,
            await s.deps.trustAnchors.material(domain),
            s.now,
          );
        } catch (err) {
          chainFailure(err, 'VER_DIGITAL_ID_UNTRUSTED', `${where(e)}.data.digitalId certificate`, domain);
        }
      }
      return `digital ID certificates chain to ${[...used].join(', ')}`;
    },
  },
  {
    // Project check (docs/verifier.md, check 9 `device.registration`): the device is registered, Registered, and is what it claims.
    name: 'device.registration',
    run: async (s) => {
      const registry = s.deps.deviceRegistry;
      if (!registry) return { notRun: 'no device registry given' };
      for (const e of s.elements) {
        const deviceCode = str(e.data.deviceCode);
        const key = registryKey(e.digitalId, deviceCode);
        let record = s.registered.get(key);
        if (!record) {
          try {
            record = await registry.lookup({
              deviceCode,
              serialNo: str(e.digitalId.serialNo),
              deviceProviderId: str(e.digitalId.deviceProviderId),
              deviceProvider: str(e.digitalId.deviceProvider),
            });
          } catch (err) {
            fail('VER_REGISTRY_UNAVAILABLE', `device registry: ${(err as Error).message}`.slice(0, 300));
          }
          if (!record)
            fail(
              'VER_DEVICE_NOT_REGISTERED',
              `no registered device with deviceCode ${deviceCode} and serialNo ${str(e.digitalId.serialNo)}`,
            );
          s.registered.set(key, record);
        }
        if (record.status === 'Revoked') fail('VER_DEVICE_REVOKED', `device ${record.deviceCode} is Revoked`);
        if (record.status === 'Retired')
          fail('VER_DEVICE_RETIRED', `device ${record.deviceCode} is Retired (de-registered)`);
        if (record.deviceCode !== deviceCode)
          fail('VER_DEVICE_MISMATCH', `${where(e)}.data.deviceCode differs from the registered one`);
        for (const f of DIGITAL_ID_FIELDS) {
          if (str(e.digitalId[f]) !== record[f])
            fail('VER_DEVICE_MISMATCH', `${where(e)} digital ID ${f} differs from the registered device`);
        }
        if (record.purpose !== s.purpose)
          fail('VER_DEVICE_MISMATCH', `device ${record.deviceCode} is registered for ${record.purpose}`);
      }
      return `${s.registered.size} device(s) Registered, digital IDs match`;
    },
  },
  {
    name: 'device.model',
    run: (s) => {
      if (!s.deps.deviceRegistry) return { notRun: 'no device registry given' };
      for (const r of s.registered.values()) {
        if (!r.modelApproved)
          fail(
            'VER_MODEL_NOT_APPROVED',
            `model ${r.make} ${r.model} (${r.type}/${r.deviceSubType}) is not approved`,
          );
      }
      return 'device models approved';
    },
  },
  {
    name: 'device.sbi',
    run: (s) => {
      if (!s.deps.deviceRegistry) return { notRun: 'no device registry given' };
      for (const e of s.elements) {
        const record = s.registered.get(registryKey(e.digitalId, str(e.data.deviceCode)));
        const version = str(e.data.deviceServiceVersion);
        if (!record?.approvedSbiVersions.includes(version))
          fail(
            'VER_SBI_NOT_APPROVED',
            `deviceServiceVersion ${JSON.stringify(version)} is not an approved SBI version`,
          );
      }
      return 'SBI versions approved';
    },
  },
  {
    // IDA #9 (keymanager key selection by thumbprint).
    name: 'thumbprint',
    run: (s) => {
      if (s.purpose !== 'Auth') return { notRun: 'Registration captures are not encrypted' };
      if (s.keys.length === 0) fail('VER_THUMBPRINT', 'no decryption key given for Auth captures');
      for (const e of s.elements) {
        let bytes: Buffer;
        try {
          bytes = thumbprintBytes(e.raw.thumbprint ?? '');
        } catch {
          fail('VER_THUMBPRINT', `${where(e)}.thumbprint is not 64 hex characters or base64 of 32 bytes`);
        }
        e.key = s.keys.find((k) => thumbprintOf(k).equals(bytes));
        if (!e.key)
          fail('VER_THUMBPRINT', `${where(e)}.thumbprint names no certificate this verifier holds a key for`);
      }
      return 'thumbprints name the decryption certificate';
    },
  },
  {
    // IDA #9: RSA-OAEP-SHA256/MGF1-SHA256 unwrap. One openBiometric call per element serves this
    // check and the next; its session-key errors are reported here, the GCM errors there.
    name: 'sessionKey',
    run: (s) => {
      if (s.purpose !== 'Auth') return { notRun: 'Registration captures are not encrypted' };
      for (const e of s.elements) {
        const key = e.key as DecryptionKey;
        const sessionKey = e.raw.sessionKey ?? '';
        let wrapped: Buffer;
        try {
          wrapped = fromBase64Any(sessionKey);
        } catch {
          fail('VER_SESSION_KEY', `${where(e)}.sessionKey is not base64url`);
        }
        const modulus = Math.ceil((key.privateKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
        if (wrapped.length !== modulus)
          fail('VER_SESSION_KEY', `${where(e)}.sessionKey is ${wrapped.length} bytes, not ${modulus}`);
        try {
          e.opened = openBiometric({
            bioValue: str(e.data.bioValue),
            sessionKey,
            timestamp: String(e.data.timestamp),
            // IDA uses String.valueOf: a missing transactionId becomes "null" (crypto.md §5).
            transactionId: String(e.data.transactionId ?? 'null'),
            privateKey: key.privateKey,
          });
        } catch (err) {
          if (!(err instanceof CryptoError)) throw err;
          if (err.code === 'ERR_SESSION_KEY' || err.code === 'ERR_KEY')
            fail('VER_SESSION_KEY', `${where(e)}.sessionKey: ${err.message}`);
          e.opened = err;
        }
      }
      return 'session keys unwrap to 256-bit AES keys';
    },
  },
  {
    name: 'bioValue',
    run: (s) => {
      for (const e of s.elements) {
        if (s.purpose === 'Auth') {
          if (e.opened instanceof CryptoError)
            fail('VER_DECRYPT', `${where(e)}.bioValue: ${e.opened.code}: ${e.opened.message}`);
          e.plain = e.opened as Buffer;
        } else {
          try {
            e.plain = fromBase64Any(str(e.data.bioValue));
          } catch {
            fail('VER_DECRYPT', `${where(e)}.bioValue is not base64url`);
          }
        }
        e.opened = undefined;
      }
      return s.purpose === 'Auth'
        ? 'every bioValue decrypts (AES-256-GCM, IV/AAD from timestamp XOR transactionId)'
        : 'every bioValue decodes (base64url)';
    },
  },
  {
    // IDA #10: 1.2+ chain over the plain records in array order (crypto.md §8).
    name: 'hash',
    run: (s) => {
      for (const e of s.elements) {
        if (!e.raw.hash) fail('VER_HASH_MISSING', `${where(e)}.hash missing`);
      }
      const chain = s.elements.map((e) => ({
        hash: e.raw.hash as string,
        bio: e.plain,
        dataJson: e.payloadText,
      }));
      const previousHash = s.request.bio[0]?.previousHash ?? '';
      try {
        const { rule } = verifyHashChain(chain, {
          previousHash,
          allowLegacy115: s.opts.allowLegacyHash115 === true,
        });
        return `hash chain holds (MOSIP ${rule} rule)`;
      } catch (err) {
        if (!(err instanceof CryptoError)) throw err;
        if (err.code !== 'ERR_HASH_CHAIN') fail('VER_HASH_CHAIN', `hash: ${err.message}`);
        if (!s.opts.allowLegacyHash115) {
          try {
            verifyHashChain(chain, { previousHash, allowLegacy115: true });
            fail(
              'VER_HASH_CHAIN',
              'the hashes follow the MOSIP 1.1.5 rule, which IDA 1.2+ refuses (allowLegacyHash115 is off)',
            );
          } catch (legacy) {
            if (legacy instanceof CheckFailure) throw legacy;
          }
        }
        fail('VER_HASH_CHAIN', err.message);
      }
    },
  },
  {
    // IDA #12: bioType against the digital ID type (and the requested types).
    name: 'bioType',
    run: (s) => {
      const requested = new Set(s.request.bio.map((b) => modality(b.type)));
      for (const e of s.elements) {
        const bioType = modality(str(e.data.bioType));
        if (bioType !== modality(str(e.digitalId.type)))
          fail(
            'VER_BIO_TYPE',
            `${where(e)} bioType ${str(e.data.bioType)} but digital ID type ${str(e.digitalId.type)}`,
          );
        if (!requested.has(bioType))
          fail('VER_BIO_TYPE', `${where(e)} bioType ${str(e.data.bioType)} was not requested`);
      }
      return 'bioType matches the digital ID type';
    },
  },
  {
    // IDA #15.
    name: 'domainUri',
    run: (s) => {
      if (s.purpose !== 'Auth') return { notRun: 'Registration data carries no domainUri' };
      const requested = s.request.domainUri ?? '';
      for (const e of s.elements) {
        let value = e.data.domainUri;
        if (s.opts.nullDomainUriIsAbsent && value === 'null') value = undefined;
        if (value === undefined || value === null) continue;
        if (str(value) !== requested)
          fail('VER_DOMAIN_URI_MISMATCH', `${where(e)}.data.domainUri differs from the request domainUri`);
      }
      const allowed = s.opts.allowedDomainUris;
      if (allowed && !allowed.some((u) => u.toLowerCase() === requested.toLowerCase()))
        fail('VER_DOMAIN_URI_NOT_ALLOWED', `domainUri ${JSON.stringify(requested)} is not allowed`);
      return `domainUri ${JSON.stringify(requested)}`;
    },
  },
  {
    // IDA #16.
    name: 'env',
    run: (s) => {
      for (const e of s.elements) {
        if (str(e.data.env) !== s.request.env)
          fail(
            'VER_ENV_MISMATCH',
            `${where(e)}.data.env ${JSON.stringify(str(e.data.env))} differs from ${s.request.env}`,
          );
      }
      if (!(s.opts.allowedEnvs ?? DEFAULT_ENVS).includes(s.request.env))
        fail('VER_ENV_NOT_ALLOWED', `env ${JSON.stringify(s.request.env)} is not allowed`);
      return `env ${s.request.env}`;
    },
  },
  {
    // IDA #17: contentEquals.
    name: 'transactionId',
    run: (s) => {
      for (const e of s.elements) {
        if (str(e.data.transactionId) !== s.request.transactionId)
          fail('VER_TRANSACTION_ID', `${where(e)}.data.transactionId differs from the request transactionId`);
      }
      return 'transactionId equals the request';
    },
  },
  {
    name: 'replay',
    run: async (s) => {
      if (!s.deps.replayStore) return { notRun: 'no replay store given' };
      if (await s.deps.replayStore.seen(s.request.transactionId))
        fail('VER_REPLAY', `transactionId ${s.request.transactionId} was already accepted`);
      return 'transactionId not seen before';
    },
  },
  {
    // IDA #14/#18: the last segment's timestamp and digital ID dateTime within the window.
    name: 'timestamp',
    run: (s) => {
      const w =
        s.purpose === 'Auth'
          ? (s.opts.authWindow ?? DEFAULT_AUTH_WINDOW)
          : (s.opts.registrationWindow ?? DEFAULT_REGISTRATION_WINDOW);
      for (const e of s.elements) {
        parseTime(s, e.data.timestamp, `${where(e)}.data.timestamp`);
        parseTime(s, e.digitalId.dateTime, `${where(e)} digital ID dateTime`);
      }
      const last = s.elements[s.elements.length - 1] as Element;
      const now = s.now.getTime();
      for (const [name, value] of [
        ['data.timestamp', last.data.timestamp],
        ['digital ID dateTime', last.digitalId.dateTime],
      ] as const) {
        const t = parseTime(s, value, name);
        if (t < now - w.pastMs || t > now + w.futureMs)
          fail(
            'VER_TIMESTAMP_WINDOW',
            `${where(last)} ${name} is ${Math.round((t - now) / 1000)} s from now, outside −${w.pastMs / 1000} s … +${w.futureMs / 1000} s`,
          );
      }
      return `last segment within −${w.pastMs / 1000} s … +${w.futureMs / 1000} s`;
    },
  },
  {
    // IDA #19.
    name: 'segments',
    run: (s) => {
      const limit = s.opts.segmentMs ?? DEFAULT_SEGMENT_MS;
      for (let i = 1; i < s.elements.length; i++) {
        const a = s.elements[i - 1] as Element;
        const b = s.elements[i] as Element;
        const dt = parseTime(s, b.data.timestamp, 'timestamp') - parseTime(s, a.data.timestamp, 'timestamp');
        if (dt < 0 || dt > limit)
          fail('VER_SEGMENT_TIMESTAMP', `${where(b)} timestamp is ${dt / 1000} s after the previous`);
        const dd =
          parseTime(s, b.digitalId.dateTime, 'dateTime') - parseTime(s, a.digitalId.dateTime, 'dateTime');
        if (dd < 0 || dd > limit)
          fail('VER_SEGMENT_DATETIME', `${where(b)} dateTime is ${dd / 1000} s after the previous`);
      }
      return s.elements.length > 1 ? `segments 0 … ${limit / 1000} s apart` : 'one segment';
    },
  },
  {
    // IDA #20, plus the requested count (the verifier sees the request, IDA does not).
    name: 'counts',
    run: (s) => {
      const requested = s.request.bio.reduce((n, b) => n + (b.count ?? 0), 0);
      const n = s.elements.length;
      if (s.purpose === 'Auth' ? n !== requested : n > requested)
        fail('VER_COUNT_MISMATCH', `${n} element(s) for a requested count of ${requested}`);
      const seen = { finger: [] as string[], iris: [] as string[], face: [] as string[] };
      for (const e of s.elements) {
        const m = modality(str(e.data.bioType));
        if (m === 'finger' || m === 'iris' || m === 'face') seen[m].push(str(e.data.bioSubType));
      }
      const duplicate = (list: string[]) =>
        list.find((x, i) => x !== '' && x.toUpperCase() !== 'UNKNOWN' && list.indexOf(x) !== i);
      if (seen.finger.length > 10) fail('VER_FINGER_COUNT', `${seen.finger.length} fingers`);
      const df = duplicate(seen.finger);
      if (df) fail('VER_FINGER_DUPLICATE', `finger ${df} appears twice`);
      if (seen.iris.length > 2) fail('VER_IRIS_COUNT', `${seen.iris.length} irises`);
      const di = duplicate(seen.iris);
      if (di) fail('VER_IRIS_DUPLICATE', `iris ${di} appears twice`);
      if (seen.face.length > 1) fail('VER_FACE_COUNT', `${seen.face.length} faces`);
      return `${seen.finger.length} finger(s), ${seen.iris.length} iris(es), ${seen.face.length} face(s)`;
    },
  },
  {
    // IDA #21: non-empty only.
    name: 'deviceDetails',
    run: (s) => {
      for (const e of s.elements) {
        if (!str(e.data.deviceCode)) fail('VER_DEVICE_DETAILS', `${where(e)}.data.deviceCode is empty`);
        if (!str(e.data.deviceServiceVersion))
          fail('VER_DEVICE_DETAILS', `${where(e)}.data.deviceServiceVersion is empty`);
        for (const f of DIGITAL_ID_FIELDS) {
          if (!str(e.digitalId[f])) fail('VER_DEVICE_DETAILS', `${where(e)} digital ID ${f} is empty`);
        }
      }
      return 'deviceCode, deviceServiceVersion and digital ID fields present';
    },
  },
  {
    // Recorded only when everything else passed; a concurrent acceptance of the same id loses here.
    name: 'replay.record',
    run: async (s) => {
      if (!s.deps.replayStore) return { notRun: 'no replay store given' };
      const until = new Date(s.now.getTime() + (s.opts.replayTtlMs ?? DEFAULT_REPLAY_TTL_MS));
      if (!(await s.deps.replayStore.claim(s.request.transactionId, until)))
        fail('VER_REPLAY', `transactionId ${s.request.transactionId} was accepted concurrently`);
      return `transactionId remembered until ${until.toISOString()}`;
    },
  },
];

const thumbprints = new WeakMap<DecryptionKey, Buffer>();
/** SHA-256 of the decryption certificate's DER, computed once per key object. */
function thumbprintOf(key: DecryptionKey): Buffer {
  let t = thumbprints.get(key);
  if (!t) {
    t = createHash('sha256').update(key.certificateDer).digest();
    thumbprints.set(key, t);
  }
  return t;
}

function entry(
  name: string,
  outcome: VerificationCheck['outcome'],
  reason: string,
  code?: VerifierErrorCode,
) {
  const check: VerificationCheck = { name, outcome, reason: reason.slice(0, 500) };
  if (code) {
    check.code = code;
    const mosip = ERROR_CODES[code].mosip;
    if (mosip) check.mosipCode = mosip;
  }
  return check;
}

/**
 * Verifies a capture response against its request. `response` and `request` are the parsed JSON bodies
 * (MDS 0.9.5 CAPTURE or RCAPTURE). Returns the decision with the trace of every check; throws only for
 * errors of the verifier's own dependencies that are not a verdict (a bug, never a bad capture).
 */
export async function verifyCapture(
  input: { response: unknown; request: unknown },
  deps: VerifierDependencies,
): Promise<VerificationDecision> {
  const trace: VerificationCheck[] = [];
  const state = {
    deps,
    opts: deps.options ?? {},
    keys: deps.decryptionKeys ?? [],
    now: (deps.clock ?? (() => new Date()))(),
    input: { response: input?.response, request: input?.request },
    elements: [],
    registered: new Map(),
    times: new Map(),
  } as unknown as State; // request, response and purpose are set by the first two checks
  let failure: CheckFailure | undefined;
  for (const check of CHECKS) {
    if (failure) {
      trace.push(entry(check.name, 'not-run', 'an earlier check failed'));
      continue;
    }
    try {
      // Most checks are synchronous: awaiting only promises saves a microtask turn per check.
      const run = check.run(state);
      const outcome = run instanceof Promise ? await run : run;
      if (typeof outcome === 'string') trace.push(entry(check.name, 'pass', outcome));
      else trace.push(entry(check.name, 'not-run', outcome.notRun));
    } catch (e) {
      if (!(e instanceof CheckFailure)) throw e;
      failure = e;
      trace.push(entry(check.name, 'fail', e.message, e.code));
    }
  }
  const { request, response, purpose } = state as Partial<State>;
  const decision: VerificationDecision = {
    decision: failure ? 'refused' : 'accepted',
    elements: response?.biometrics.length ?? 0,
    checks: trace,
  };
  if (purpose) decision.purpose = purpose;
  if (request) decision.transactionId = request.transactionId;
  if (failure) {
    decision.code = failure.code;
    const mosip = ERROR_CODES[failure.code].mosip;
    if (mosip) decision.mosipCode = mosip;
    decision.reason = failure.message.slice(0, 500);
  }
  return decision;
}
