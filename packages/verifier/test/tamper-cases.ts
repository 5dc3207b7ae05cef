// The tamper cases: every field of a valid capture and of its request altered one at a time, each with
// the error code that must refuse it. Fields inside the signed data block are altered twice where it
// matters: without re-signing (the signature check refuses) and re-signed with the device's own key, as a
// faulty or compromised device would, so that the later check for that field is the one that refuses.

import assert from 'node:assert/strict';
import { signJws, toBase64 } from '@mosip-trust/crypto';
import type { Json } from './helpers.ts';
import {
  clone,
  decode,
  elements,
  flipLast,
  kit,
  MINUTE,
  rechain,
  resign,
  rewrite,
  segments,
  type Tamper,
  withHeader,
} from './tamper-kit.ts';

/** The envelope, the signatures, the certificates and the digitalId. */
export const SIGNATURE_TAMPERS: Tamper[] = [
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
        h.x5c = [toBase64(kit.ftmSigner.certificateDer)];
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
    change: (r) => resign(r, () => {}, kit.expiredDeviceSigner),
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
    change: (r) => resign(r, () => {}, kit.strangerSigner),
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
          h.x5c = [toBase64(kit.deviceSigner.certificateDer)];
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
        d.digitalId = await signJws(JSON.stringify(decode(segments(d.digitalId)[1])), kit.deviceSigner);
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
        d.digitalId = await signJws(JSON.stringify(id), kit.ftmSigner);
      }),
  },
  {
    name: 'digitalId model (re-signed by the chip)',
    code: 'VER_DEVICE_MISMATCH',
    change: (r) =>
      resign(r, async (d) => {
        const id = decode(segments(d.digitalId)[1]);
        id.model = 'OTHER-MODEL';
        d.digitalId = await signJws(JSON.stringify(id), kit.ftmSigner);
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
];

/** The encrypted records, the hash chain, the request's fields and the clock. */
export const RECORD_TAMPERS: Tamper[] = [
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
      const iris = kit.devices.service.devices.get('2')?.identity;
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
      const iris = kit.devices.service.devices.get('2')?.identity;
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
