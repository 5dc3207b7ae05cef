// The tamper suite: one valid Auth capture from the real device service, every field of the capture and
// of its request altered one at a time, each refused with its own error code; the untouched capture
// still passes afterwards. Fields inside the signed data block are altered twice where it matters:
// without re-signing (the signature check refuses) and re-signed with the device's own key, as a
// faulty or compromised device would, so that the later check for that field is the one that refuses.

import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  chainHash,
  createRootCa,
  fromBase64Url,
  issueCertificate,
  type JwsSigner,
  openBiometric,
  signJws,
  toBase64,
  toBase64Url,
} from '@mosip-trust/crypto';
import { type VerifierDependencies, type VerifierErrorCode, verifyCapture } from '../src/index.ts';
import {
  authRequest,
  capture,
  type Devices,
  dependencies,
  encryptionKey,
  type Json,
  startDevices,
} from './helpers.ts';

let devices: Devices;
let encryption: Awaited<ReturnType<typeof encryptionKey>>;
let request: Json;
let response: Json;
let deviceSigner: JwsSigner;
let ftmSigner: JwsSigner;
let strangerSigner: JwsSigner;
let expiredDeviceSigner: JwsSigner;

before(async () => {
  encryption = await encryptionKey();
  devices = await startDevices(
    [
      { kind: 'finger-single', purpose: 'Auth' },
      { kind: 'iris-double', purpose: 'Auth' },
    ],
    encryption,
  );
  request = authRequest([
    { type: 'Finger', count: '1', bioSubType: ['UNKNOWN'], deviceId: '1' },
    { type: 'Iris', count: '2', bioSubType: ['Left', 'Right'], deviceId: '2' },
  ]);
  response = await capture(devices.port, request);
  // The keys of device 1, as the device itself holds them (simulating a device that signs bad data).
  const identity = devices.service.devices.get('1')?.identity;
  assert.ok(identity);
  deviceSigner = identity.deviceSigner();
  ftmSigner = identity.ftmSigner();
  const stranger = await createRootCa({ subject: 'CN=Not A Device Provider, O=Elsewhere, C=IN' });
  strangerSigner = { privateKey: stranger.privateKey, certificateDer: stranger.certificateDer };
  // The same device key, certified by a CA of the test whose certificate has expired.
  const past = new Date(Date.now() - 400 * 86_400_000);
  const oldCa = await createRootCa({
    subject: 'CN=Old CA, O=Elsewhere, C=IN',
    notBefore: past,
    validityDays: 30,
  });
  const expired = await issueCertificate(oldCa, {
    subject: 'CN=Expired Device, O=Elsewhere, C=IN',
    ca: false,
    keyUsage: 'signing',
    publicKey: createPublicKey(deviceSigner.privateKey),
  });
  expiredDeviceSigner = { privateKey: deviceSigner.privateKey, certificateDer: expired.certificateDer };
});
after(() => devices?.stop());

const clone = <T>(v: T): T => structuredClone(v);
const elements = (r: Json) => r.biometrics as Json[];
const segments = (jws: unknown) => String(jws).split('.') as [string, string, string];
const decode = (segment: string) => JSON.parse(fromBase64Url(segment).toString('utf8')) as Json;

function payloadOf(r: Json, i = 0): Json {
  return decode(segments(elements(r)[i]?.data)[1]);
}

/** Replaces element i's data payload, re-signed by `signer` (default: the device key). */
async function resign(r: Json, change: (data: Json) => void | Promise<void>, signer = deviceSigner, i = 0) {
  const data = payloadOf(r, i);
  await change(data);
  (elements(r)[i] as Json).data = await signJws(JSON.stringify(data), signer);
}

/** Replaces element i's data payload without re-signing. */
function rewrite(r: Json, change: (data: Json) => void, i = 0) {
  const [h, , sig] = segments(elements(r)[i]?.data);
  const data = payloadOf(r, i);
  change(data);
  (elements(r)[i] as Json).data = `${h}.${toBase64Url(Buffer.from(JSON.stringify(data)))}.${sig}`;
}

function flipLast(text: string): string {
  const last = text.at(-2) === 'A' ? 'B' : 'A';
  return `${text.slice(0, -2)}${last}${text.slice(-1)}`;
}

function withHeader(jws: string, change: (header: Json) => void): string {
  const [h, p, s] = segments(jws);
  const header = decode(h);
  change(header);
  return `${toBase64Url(Buffer.from(JSON.stringify(header)))}.${p}.${s}`;
}

/** Recomputes the (unsigned) hash chain over the decrypted records, as anyone holding the key could. */
function rechain(r: Json, previous: string | null = '') {
  let prev = previous;
  for (const e of elements(r)) {
    const data = payloadOf({ biometrics: [e] });
    const plain = openBiometric({
      bioValue: String(data.bioValue),
      sessionKey: String(e.sessionKey),
      timestamp: String(data.timestamp),
      transactionId: String(data.transactionId),
      privateKey: encryption.privateKey,
    });
    e.hash = chainHash(prev, plain);
    prev = e.hash as string;
  }
}

interface Tamper {
  name: string;
  code: VerifierErrorCode;
  change(response: Json, request: Json): void | Promise<void>;
  deps?: (d: VerifierDependencies) => VerifierDependencies;
}

const MINUTE = 60_000;

const TAMPERS: Tamper[] = [
  {
    name: 'request without transactionId',
    code: 'VER_REQUEST_INVALID',
    change: (_r, q) => void delete q.transactionId,
  },
  {
    name: 'response without biometrics',
    code: 'VER_RESPONSE_INVALID',
    change: (r) => {
      delete r.biometrics;
    },
  },
  {
    name: 'element error code',
    code: 'VER_ELEMENT_ERROR',
    change: (r) => {
      (elements(r)[1] as Json).error = { errorCode: '101', errorInfo: 'x' };
    },
  },
  {
    name: 'data signature',
    code: 'VER_DATA_SIGNATURE',
    change: (r) => {
      (elements(r)[0] as Json).data = flipLast(String(elements(r)[0]?.data));
    },
  },
  {
    name: 'data payload without re-signing (transactionId)',
    code: 'VER_DATA_SIGNATURE',
    change: (r) =>
      rewrite(r, (d) => {
        d.transactionId = 'other-transaction';
      }),
  },
  {
    name: 'data x5c swapped for the FTM chip certificate',
    code: 'VER_DATA_SIGNATURE',
    change: (r) => {
      (elements(r)[1] as Json).data = withHeader(String(elements(r)[1]?.data), (h) => {
        h.x5c = [toBase64(ftmSigner.certificateDer)];
      });
    },
  },
  {
    name: 'data x5c not a certificate',
    code: 'VER_DATA_CERTIFICATE',
    change: (r) => {
      (elements(r)[0] as Json).data = withHeader(String(elements(r)[0]?.data), (h) => {
        h.x5c = [toBase64(Buffer.from('not a certificate'))];
      });
    },
  },
  {
    name: 'data x5c expired (re-signed with an expired certificate of the device key)',
    code: 'VER_DATA_CERTIFICATE',
    change: (r) => resign(r, () => {}, expiredDeviceSigner),
  },
  {
    name: 'data x5c removed',
    code: 'VER_DATA_CERTIFICATE',
    change: (r) => {
      (elements(r)[0] as Json).data = withHeader(String(elements(r)[0]?.data), (h) => void delete h.x5c);
    },
  },
  {
    name: 'data re-signed by an untrusted key',
    code: 'VER_DATA_UNTRUSTED',
    change: (r) => resign(r, () => {}, strangerSigner),
  },
  {
    name: 'data purpose',
    code: 'VER_PURPOSE',
    change: (r) =>
      resign(r, (d) => {
        d.purpose = 'Registration';
      }),
  },
  {
    name: 'digitalId signature',
    code: 'VER_DIGITAL_ID_SIGNATURE',
    change: (r) =>
      resign(r, (d) => {
        d.digitalId = flipLast(String(d.digitalId));
      }),
  },
  {
    name: 'digitalId unsigned',
    code: 'VER_DIGITAL_ID_SIGNATURE',
    change: (r) =>
      resign(r, (d) => {
        d.digitalId = segments(d.digitalId)[1];
      }),
  },
  {
    name: 'digitalId x5c swapped for the device certificate',
    code: 'VER_DIGITAL_ID_SIGNATURE',
    change: (r) =>
      resign(r, (d) => {
        d.digitalId = withHeader(String(d.digitalId), (h) => {
          h.x5c = [toBase64(deviceSigner.certificateDer)];
        });
      }),
  },
  {
    name: 'digitalId x5c removed',
    code: 'VER_DIGITAL_ID_CERTIFICATE',
    change: (r) =>
      resign(r, (d) => {
        d.digitalId = withHeader(String(d.digitalId), (h) => void delete h.x5c);
      }),
  },
  {
    name: 'digitalId signed by the device key (DEVICE, not FTM)',
    code: 'VER_DIGITAL_ID_UNTRUSTED',
    change: (r) =>
      resign(r, async (d) => {
        d.digitalId = await signJws(JSON.stringify(decode(segments(d.digitalId)[1])), deviceSigner);
      }),
  },
  {
    name: 'deviceCode',
    code: 'VER_DEVICE_NOT_REGISTERED',
    change: (r) =>
      resign(r, (d) => {
        d.deviceCode = '00000000-0000-4000-8000-000000000000';
      }),
  },
  {
    name: 'digitalId serialNo (re-signed by the chip)',
    code: 'VER_DEVICE_NOT_REGISTERED',
    change: (r) =>
      resign(r, async (d) => {
        const id = decode(segments(d.digitalId)[1]);
        id.serialNo = 'SOMEONE-ELSE';
        d.digitalId = await signJws(JSON.stringify(id), ftmSigner);
      }),
  },
  {
    name: 'digitalId model (re-signed by the chip)',
    code: 'VER_DEVICE_MISMATCH',
    change: (r) =>
      resign(r, async (d) => {
        const id = decode(segments(d.digitalId)[1]);
        id.model = 'OTHER-MODEL';
        d.digitalId = await signJws(JSON.stringify(id), ftmSigner);
      }),
  },
  {
    name: 'deviceServiceVersion',
    code: 'VER_SBI_NOT_APPROVED',
    change: (r) =>
      resign(r, (d) => {
        d.deviceServiceVersion = '0.9.2';
      }),
  },
  {
    name: 'thumbprint',
    code: 'VER_THUMBPRINT',
    change: (r) => {
      (elements(r)[1] as Json).thumbprint = 'A'.repeat(64);
    },
  },
  {
    name: 'sessionKey',
    code: 'VER_SESSION_KEY',
    change: (r) => {
      (elements(r)[0] as Json).sessionKey = flipLast(String(elements(r)[0]?.sessionKey));
    },
  },
  {
    name: 'sessionKey truncated',
    code: 'VER_SESSION_KEY',
    change: (r) => {
      (elements(r)[0] as Json).sessionKey = String(elements(r)[0]?.sessionKey).slice(0, 300);
    },
  },
  {
    name: 'bioValue (re-signed)',
    code: 'VER_DECRYPT',
    change: (r) =>
      resign(r, (d) => {
        d.bioValue = flipLast(String(d.bioValue));
      }),
  },
  {
    name: 'bioValue (not re-signed)',
    code: 'VER_DATA_SIGNATURE',
    change: (r) =>
      rewrite(r, (d) => {
        d.bioValue = flipLast(String(d.bioValue));
      }),
  },
  {
    name: 'data.transactionId within the IV/AAD bytes (re-signed)',
    code: 'VER_DECRYPT',
    change: (r) =>
      resign(r, (d) => {
        // A different last character, whatever the (random) id ends with.
        const id = String(d.transactionId);
        d.transactionId = `${id.slice(0, -1)}${id.endsWith('0') ? '1' : '0'}`;
      }),
  },
  {
    name: 'hash',
    code: 'VER_HASH_CHAIN',
    change: (r) => {
      (elements(r)[2] as Json).hash = 'F'.repeat(64);
    },
  },
  {
    name: 'hash removed',
    code: 'VER_HASH_MISSING',
    change: (r) => void delete (elements(r)[1] as Json).hash,
  },
  {
    name: 'elements reordered (hash chain order)',
    code: 'VER_HASH_CHAIN',
    change: (r) => void elements(r).reverse(),
  },
  {
    name: 'bioType (re-signed)',
    code: 'VER_BIO_TYPE',
    change: (r) =>
      resign(r, (d) => {
        d.bioType = 'Iris';
      }),
  },
  {
    name: 'data.domainUri (re-signed)',
    code: 'VER_DOMAIN_URI_MISMATCH',
    change: (r) =>
      resign(r, (d) => {
        d.domainUri = 'https://evil.example.org';
      }),
  },
  {
    name: 'request domainUri',
    code: 'VER_DOMAIN_URI_MISMATCH',
    change: (_r, q) => {
      q.domainUri = 'https://other.example.org';
    },
  },
  {
    name: 'domainUri not in the allowed list',
    code: 'VER_DOMAIN_URI_NOT_ALLOWED',
    change: () => {},
    deps: (d) => ({ ...d, options: { allowedDomainUris: ['https://only.example.org'] } }),
  },
  {
    name: 'data.env (re-signed)',
    code: 'VER_ENV_MISMATCH',
    change: (r) =>
      resign(r, (d) => {
        d.env = 'Production';
      }),
  },
  {
    name: 'request env',
    code: 'VER_ENV_MISMATCH',
    change: (_r, q) => {
      q.env = 'Staging';
    },
  },
  {
    name: 'env not allowed',
    code: 'VER_ENV_NOT_ALLOWED',
    change: () => {},
    deps: (d) => ({ ...d, options: { allowedEnvs: ['Production'] } }),
  },
  {
    name: 'request transactionId',
    code: 'VER_TRANSACTION_ID',
    change: (_r, q) => {
      q.transactionId = 'another-transaction-id';
    },
  },
  {
    // Only the last 16 bytes of the XOR feed IV/AAD: the first character of a UUID is not
    // authenticated by GCM (docs/crypto.md), so the transactionId check is what refuses it.
    name: 'data.transactionId outside the IV/AAD bytes (re-signed)',
    code: 'VER_TRANSACTION_ID',
    change: (r) =>
      resign(r, (d) => {
        d.transactionId = `${String(d.transactionId)[0] === 'f' ? 'e' : 'f'}${String(d.transactionId).slice(1)}`;
      }),
  },
  {
    name: 'timestamp too old (verified 2 minutes later)',
    code: 'VER_TIMESTAMP_WINDOW',
    change: () => {},
    deps: (d) => ({ ...d, clock: () => new Date(Date.now() + 2 * MINUTE) }),
  },
  {
    name: 'timestamp in the future (verified a minute earlier)',
    code: 'VER_TIMESTAMP_WINDOW',
    change: () => {},
    deps: (d) => ({ ...d, clock: () => new Date(Date.now() - MINUTE) }),
  },
  {
    name: 'last digitalId dateTime out of window (re-signed by the chip)',
    code: 'VER_TIMESTAMP_WINDOW',
    change: async (r) => {
      const iris = devices.service.devices.get('2')?.identity;
      assert.ok(iris);
      await resign(
        r,
        async (d) => {
          const id = decode(segments(d.digitalId)[1]);
          id.dateTime = new Date(Date.now() - 10 * MINUTE).toISOString().replace(/\.\d{3}Z$/, 'Z');
          d.digitalId = await signJws(JSON.stringify(id), iris.ftmSigner());
        },
        iris.deviceSigner(),
        2,
      );
    },
  },
  {
    // The year of a 20-character timestamp lies outside the IV/AAD bytes: decryption still works.
    name: 'timestamp not a date-time (re-signed)',
    code: 'VER_TIMESTAMP_FORMAT',
    change: (r) =>
      resign(r, (d) => {
        d.timestamp = `20x6${String(d.timestamp).slice(4)}`;
      }),
  },
  {
    name: 'first segment years later than the second (re-signed)',
    code: 'VER_SEGMENT_TIMESTAMP',
    change: (r) =>
      resign(r, (d) => {
        d.timestamp = `2099${String(d.timestamp).slice(4)}`;
      }),
  },
  {
    name: 'an element dropped, hash chain recomputed',
    code: 'VER_COUNT_MISMATCH',
    change: (r) => {
      elements(r).pop();
      rechain(r);
    },
  },
  {
    name: 'the right iris replaced by a copy of the left one, hash chain recomputed',
    code: 'VER_IRIS_DUPLICATE',
    change: (r) => {
      elements(r)[2] = clone(elements(r)[1] as Json);
      rechain(r);
    },
  },
  {
    name: 'three irises, count and hash chain adjusted',
    code: 'VER_IRIS_COUNT',
    change: async (r, q) => {
      const extra = clone(elements(r)[2] as Json);
      elements(r).push(extra);
      const iris = devices.service.devices.get('2')?.identity;
      assert.ok(iris);
      await resign(
        r,
        (d) => {
          d.bioSubType = 'UNKNOWN';
        },
        iris.deviceSigner(),
        3,
      );
      ((q.bio as Json[])[1] as Json).count = '3';
      rechain(r);
    },
  },
];

function verify(r: Json, q: Json, over?: (d: VerifierDependencies) => VerifierDependencies) {
  const deps = dependencies(devices, encryption);
  return verifyCapture({ response: r, request: q }, over ? over(deps) : deps);
}

describe('tamper suite', { timeout: 120_000 }, () => {
  test('the untouched capture passes', async () => {
    const d = await verify(clone(response), clone(request));
    assert.equal(d.decision, 'accepted', JSON.stringify(d.checks.find((c) => c.outcome === 'fail')));
  });

  for (const t of TAMPERS) {
    test(`${t.name} → ${t.code}`, async () => {
      const r = clone(response);
      const q = clone(request);
      await t.change(r, q);
      const d = await verify(r, q, t.deps);
      assert.equal(d.decision, 'refused');
      assert.equal(d.code, t.code, `${t.name}: ${d.code} ${d.reason}`);
      const failed = d.checks.filter((c) => c.outcome === 'fail');
      assert.equal(failed.length, 1);
      assert.equal(failed[0]?.code, t.code);
      const at = d.checks.indexOf(failed[0] as (typeof d.checks)[number]);
      assert.ok(
        d.checks.slice(at + 1).every((c) => c.outcome === 'not-run'),
        'checks after a failure do not run',
      );
    });
  }

  test('a replayed transaction is refused, then a fresh capture still passes', async () => {
    const deps = dependencies(devices, encryption);
    const first = await verifyCapture({ response: clone(response), request: clone(request) }, deps);
    assert.equal(first.decision, 'accepted');
    const replay = await verifyCapture({ response: clone(response), request: clone(request) }, deps);
    assert.equal(replay.code, 'VER_REPLAY');
    assert.equal(replay.checks.find((c) => c.outcome === 'fail')?.name, 'replay');
    const q = authRequest([{ type: 'Finger', count: '1', bioSubType: ['UNKNOWN'], deviceId: '1' }]);
    const fresh = await verifyCapture({ response: await capture(devices.port, q), request: q }, deps);
    assert.equal(fresh.decision, 'accepted');
  });

  test('every tamper has its own refusal reason, and the valid capture still passes afterwards', async () => {
    const codes = new Set(TAMPERS.map((t) => t.code));
    assert.ok(codes.size >= 30, `${codes.size} distinct codes`);
    const d = await verify(clone(response), clone(request));
    assert.equal(d.decision, 'accepted');
  });
});
