/**
 * The 200 SBI test definitions of MOSIP's compliance toolkit, run against our device service over HTTP
 * by @mosip-trust/conformance (docs/conformance.md): a Registration service (slap, double iris, face)
 * takes every case but the Auth-only ones, an Auth service (single finger, single iris, face: MOSIP's
 * Auth set) takes the Auth-only ones. Operator steps (status changes, key rotation, "no biometric
 * presented") go through the authenticated admin API. Every case must pass; the only check not made is
 * the quality-check validator (MOSIP's SDK), reported as a diagnostic.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  adminApiOperator,
  type CaseResult,
  type CtkCase,
  findCtkDir,
  loadCases,
  runConformance,
  type TrustAnchors,
} from '@mosip-trust/conformance';
import { decryptPrivateKeyPem, pemToDerList } from '@mosip-trust/crypto';
import { decodePayload, mdsJson } from '../src/index.ts';
import { ADMIN_TOKEN, type Running, startService } from './helpers.ts';

const CASES = loadCases(findCtkDir());
const authOnly = (c: CtkCase) => c.otherAttributes.purpose.join() === 'Auth';
/** deviceId of the single iris in the Auth service (its second device). */
const AUTH_IRIS_ID = '2';

let reg: Running;
let auth: Running;
const outcomes = new Map<string, CaseResult>();

function anchorsOf(r: Running): TrustAnchors {
  const pem = (f: string) => pemToDerList(readFileSync(join(r.stateDir, f), 'utf8'));
  return {
    device: pem('dev-device-provider-ca.pem'),
    ftm: pem('ftm-root.pem'),
    organization: 'MOSIP Trust Devices',
  };
}

async function runAgainst(r: Running, only: string[]): Promise<void> {
  const summary = await runConformance({
    url: `http://127.0.0.1:${r.service.port}`,
    only,
    anchors: anchorsOf(r),
    decryptionKey: decryptPrivateKeyPem(
      (JSON.parse(readFileSync(join(r.stateDir, 'dev-encryption.json'), 'utf8')) as { keyPem: string })
        .keyPem,
      'test-kek-0123456789abcdef',
    ),
    operator: adminApiOperator(`http://127.0.0.1:${r.service.adminPort as number}`, ADMIN_TOKEN),
  });
  for (const result of summary.results) outcomes.set(result.testId, result);
}

before(
  async () => {
    reg = await startService([
      { kind: 'finger-slap', purpose: 'Registration' },
      { kind: 'iris-double', purpose: 'Registration' },
      { kind: 'face', purpose: 'Registration' },
    ]);
    auth = await startService([
      { kind: 'finger-single', purpose: 'Auth' },
      { kind: 'iris-single', purpose: 'Auth' },
      { kind: 'face', purpose: 'Auth' },
    ]);
    await Promise.all([
      runAgainst(
        reg,
        CASES.filter((c) => !authOnly(c)).map((c) => c.testId),
      ),
      runAgainst(
        auth,
        CASES.filter(authOnly).map((c) => c.testId),
      ),
    ]);
  },
  { timeout: 280_000 },
);

after(
  async () => {
    await Promise.all([reg?.stop(), auth?.stop()]);
  },
  { timeout: 120_000 },
);

describe('CTK SBI conformance (compliance_test_definitions_sbi.json)', { timeout: 300_000 }, () => {
  test('all 200 definitions are loaded', () => {
    assert.equal(CASES.length, 200);
  });
  test('the twenty single-iris Auth cases run on a single-iris device', async () => {
    const singleIris = CASES.filter(
      (c) =>
        c.otherAttributes.purpose.join() === 'Auth' &&
        c.otherAttributes.biometricTypes.join() === 'Iris' &&
        c.otherAttributes.deviceSubTypes.join() === 'Single',
    );
    assert.equal(singleIris.length, 20);
    const found = await mdsJson<{ deviceId: string; digitalId: string }[]>(
      auth.service.port,
      'MOSIPDISC',
      '/device',
      {
        type: 'Iris',
      },
    );
    assert.deepEqual(
      found.map((d) => [d.deviceId, decodePayload(d.digitalId).deviceSubType]),
      [[AUTH_IRIS_ID, 'Single']],
    );
    for (const c of singleIris)
      assert.equal(outcomes.get(c.testId)?.status, 'pass', `${c.testId} ran and passed`);
  });
  for (const c of CASES) {
    test(`${c.testId} ${c.testName}`, (t) => {
      const outcome = outcomes.get(c.testId);
      assert.ok(outcome, 'case did not run');
      for (const n of outcome.notes) t.diagnostic(n);
      assert.deepEqual(outcome.reasons, []);
      assert.equal(outcome.status, 'pass');
    });
  }
});
