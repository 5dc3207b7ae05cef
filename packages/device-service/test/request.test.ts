import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DeviceServiceError } from '../src/errors.ts';
import {
  MAX_DOMAIN_URI_LENGTH,
  parseCaptureRequest,
  parseDiscoverRequest,
  parseStreamRequest,
} from '../src/wire/request.ts';
import { rcaptureBody } from './helpers.ts';

function mdsCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DeviceServiceError);
    return e.mdsCode;
  }
  assert.fail('expected a protocol error');
}

const base = rcaptureBody('b3f5c7e2-1234-4a5b-9c8d-0123456789ab', { env: 'Staging' }) as Record<
  string,
  unknown
> & { bio: Record<string, unknown>[] };

describe('capture request parsing', { timeout: 30_000 }, () => {
  test('accepts the registration client body (strings for numbers, nulls)', () => {
    const r = parseCaptureRequest(JSON.stringify(base), 'RCAPTURE');
    assert.equal(r.timeoutMs, 10000);
    assert.deepEqual(r.bio[0], {
      type: 'Finger',
      count: 4,
      bioSubType: null,
      exception: [],
      requestedScore: 40,
      deviceId: '1',
      deviceSubId: '1',
      previousHash: null,
    });
  });

  test('accepts numbers (mds-testing-kit, eSignet deviceSubId 0) and decimal scores', () => {
    const body = {
      ...base,
      purpose: 'Auth',
      domainUri: 'https://ida',
      timeout: 5000,
      bio: [
        {
          ...base.bio[0],
          count: 1,
          deviceSubId: 0,
          requestedScore: 62.5,
          previousHash: '',
          bioSubType: ['UNKNOWN'],
        },
      ],
    };
    const r = parseCaptureRequest(JSON.stringify(body), 'CAPTURE');
    assert.equal(r.bio[0]?.deviceSubId, '0');
    assert.equal(r.bio[0]?.requestedScore, 62.5);
    assert.equal(r.bio[0]?.previousHash, null);
    assert.equal(r.domainUri, 'https://ida');
  });

  test('previousHash: hex upper-cased, garbage rejected with 123', () => {
    const hex = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    const r = parseCaptureRequest(
      JSON.stringify({ ...base, bio: [{ ...base.bio[0], previousHash: hex }] }),
      'RCAPTURE',
    );
    assert.equal(r.bio[0]?.previousHash, hex.toUpperCase());
    assert.equal(
      mdsCode(() =>
        parseCaptureRequest(
          JSON.stringify({ ...base, bio: [{ ...base.bio[0], previousHash: 'xyz' }] }),
          'RCAPTURE',
        ),
      ),
      '123',
    );
  });

  test('error codes in MockMDS order', () => {
    const without = (key: string) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key));
    assert.equal(
      mdsCode(() => parseCaptureRequest('{not json', 'RCAPTURE')),
      '123',
    );
    assert.equal(
      mdsCode(() => parseCaptureRequest(JSON.stringify(without('env')), 'RCAPTURE')),
      '115',
    );
    assert.equal(
      mdsCode(() => parseCaptureRequest(JSON.stringify({ ...base, env: 'Prod' }), 'RCAPTURE')),
      '115',
    );
    assert.equal(
      mdsCode(() => parseCaptureRequest(JSON.stringify(without('timeout')), 'RCAPTURE')),
      '123',
    );
    assert.equal(
      mdsCode(() => parseCaptureRequest(JSON.stringify(without('purpose')), 'RCAPTURE')),
      '123',
    );
    assert.equal(
      mdsCode(() => parseCaptureRequest(JSON.stringify(without('specVersion')), 'RCAPTURE')),
      '123',
    );
    assert.equal(
      mdsCode(() => parseCaptureRequest(JSON.stringify(without('bio')), 'RCAPTURE')),
      '123',
    );
    assert.equal(
      mdsCode(() => parseCaptureRequest(JSON.stringify({ ...base, purpose: 'Auth' }), 'RCAPTURE')),
      '121',
    );
    assert.equal(
      mdsCode(() =>
        parseCaptureRequest(JSON.stringify({ ...base, bio: [{ ...base.bio[0], deviceId: '' }] }), 'RCAPTURE'),
      ),
      '704',
    );
    assert.equal(
      mdsCode(() =>
        parseCaptureRequest(
          JSON.stringify({ ...base, purpose: 'Auth', bio: [{ ...base.bio[0], deviceId: null }] }),
          'CAPTURE',
        ),
      ),
      '804',
    );
    assert.equal(
      mdsCode(() =>
        parseCaptureRequest(
          JSON.stringify({ ...base, bio: [{ ...base.bio[0], type: 'FINGER' }] }),
          'RCAPTURE',
        ),
      ),
      '114',
    );
    assert.equal(
      mdsCode(() =>
        parseCaptureRequest(JSON.stringify({ ...base, transactionId: 'x'.repeat(51) }), 'RCAPTURE'),
      ),
      '112',
    );
    assert.equal(
      mdsCode(() => parseCaptureRequest(JSON.stringify({ ...base, transactionId: 'a b c d' }), 'RCAPTURE')),
      '112',
    );
    assert.equal(
      mdsCode(() =>
        parseCaptureRequest(JSON.stringify({ ...base, bio: [{ ...base.bio[0], count: '-1' }] }), 'RCAPTURE'),
      ),
      '123',
    );
    assert.equal(
      mdsCode(() =>
        parseCaptureRequest(
          JSON.stringify({ ...base, bio: [{ ...base.bio[0], requestedScore: '101' }] }),
          'RCAPTURE',
        ),
      ),
      '123',
    );
    const { deviceSubId: _omit, ...noSubId } = base.bio[0] as Record<string, unknown>;
    assert.equal(
      mdsCode(() => parseCaptureRequest(JSON.stringify({ ...base, bio: [noSubId] }), 'RCAPTURE')),
      '123',
    );
    assert.equal(
      mdsCode(() => parseCaptureRequest(JSON.stringify({ ...base, timeout: '0' }), 'RCAPTURE')),
      '123',
    );
  });
});

describe('what gets signed: domainUri and transactionId (issue 12, item 13)', { timeout: 30_000 }, () => {
  const auth = (over: Record<string, unknown>) =>
    JSON.stringify({ ...base, purpose: 'Auth', bio: [{ ...base.bio[0], count: 1 }], ...over });

  test('transactionId follows the spec format (letters, digits, hyphen; 4-50) or 112', () => {
    for (const id of ['tx_0001', 'tx.0001', 'tx/0001', 'tx\u00e90001', 'abc', 'x'.repeat(51), 'a\nb-c']) {
      assert.equal(
        mdsCode(() => parseCaptureRequest(auth({ transactionId: id }), 'CAPTURE')),
        '112',
        id,
      );
      assert.equal(
        mdsCode(() => parseCaptureRequest(JSON.stringify({ ...base, transactionId: id }), 'RCAPTURE')),
        '112',
        id,
      );
    }
    for (const id of [
      'abcd',
      'SBI1091-1700000000000',
      '0f8fad5b-d9cb-469f-a165-70867728950e',
      'x'.repeat(50),
    ])
      assert.equal(parseCaptureRequest(auth({ transactionId: id }), 'CAPTURE').transactionId, id);
  });

  test('domainUri is "" or an absolute http(s) URI of bounded length, else 123', () => {
    const refused = [
      'javascript:alert(1)',
      'data:text/plain,sign-this',
      'ftp://auth.example',
      'auth.example',
      '/relative/path',
      'https://',
      'https://user:secret@auth.example',
      'https://auth.example/a b',
      'https://auth.example/\u0000',
      'https://auth.example/\u00e9',
      `https://auth.example/${'a'.repeat(MAX_DOMAIN_URI_LENGTH)}`,
      'Please sign: I owe 1000 USD',
    ];
    for (const uri of refused)
      assert.equal(
        mdsCode(() => parseCaptureRequest(auth({ domainUri: uri }), 'CAPTURE')),
        '123',
        uri,
      );
    const accepted = [
      'https://auth.example',
      'http://127.0.0.1:8088/idauthentication/v1',
      `https://auth.example/${'a'.repeat(MAX_DOMAIN_URI_LENGTH - 'https://auth.example/'.length)}`,
    ];
    for (const uri of accepted)
      assert.equal(parseCaptureRequest(auth({ domainUri: uri }), 'CAPTURE').domainUri, uri);
    // Not given: "" (the CTK sends "", MOSIP's registration client sends none).
    for (const over of [{ domainUri: '' }, { domainUri: null }, {}])
      assert.equal(parseCaptureRequest(auth(over), 'CAPTURE').domainUri, '');
  });
});

describe('discovery and stream request parsing', { timeout: 30_000 }, () => {
  test('discovery types are exact and case-sensitive', () => {
    assert.equal(parseDiscoverRequest('{"type":"Biometric Device"}'), 'Biometric Device');
    assert.equal(parseDiscoverRequest('{"type":"Iris"}'), 'Iris');
    assert.equal(parseDiscoverRequest(''), 'Biometric Device');
    assert.equal(
      mdsCode(() => parseDiscoverRequest('{"type":"BIOMETRIC DEVICE"}')),
      '501',
    );
    assert.equal(
      mdsCode(() => parseDiscoverRequest('[1]')),
      '501',
    );
  });

  test('stream: deviceId required (604), timeout optional with the 5 minute default, bad timeout 609', () => {
    assert.deepEqual(parseStreamRequest('{"deviceId":"1","deviceSubId":"2"}'), {
      deviceId: '1',
      deviceSubId: '2',
      timeoutMs: 300000,
    });
    assert.deepEqual(parseStreamRequest('{"deviceId":"1","deviceSubId":1,"timeout":"60000"}'), {
      deviceId: '1',
      deviceSubId: '1',
      timeoutMs: 60000,
    });
    assert.equal(
      mdsCode(() => parseStreamRequest('{"deviceSubId":"1"}')),
      '604',
    );
    assert.equal(
      mdsCode(() => parseStreamRequest('{"deviceId":"1","timeout":"soon"}')),
      '609',
    );
  });
});
