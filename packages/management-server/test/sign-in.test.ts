/**
 * The management server listens before it signs in to the trust server (so that `mosip-trust up` answers
 * without waiting for it), but serves nothing that needs the trust server until it has: every route waits
 * for the one sign-in, and a refused sign-in is the route's answer and `signIn()`'s rejection.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createRootCa } from '@mosip-trust/crypto';
import { startManagementServer } from '../src/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'mgmt-sign-in-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('routes wait for the sign-in, and a refused sign-in is their answer', { timeout: 120_000 }, async () => {
  // A trust server that refuses every client-credentials login, counting the requests it gets.
  const seen: string[] = [];
  const trust = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ response: null, errors: [{ errorCode: 'TS_CLIENT_AUTH_FAILED', message: 'no' }] }),
    );
  });
  await new Promise<void>((resolve) => trust.listen(0, '127.0.0.1', resolve));
  const ftm = await createRootCa({ subject: 'CN=Test FTM Root, O=Test, C=IN', validityDays: 30 });
  const server = await startManagementServer({
    dataDir: join(dir, 'data'),
    trustServer: `http://127.0.0.1:${(trust.address() as AddressInfo).port}`,
    clientId: 'mgmt-client',
    clientSecret: 'wrong-secret',
    ftmTrustPem: ftm.certificatePem,
    env: { MOSIP_MGMT_KEK: 'k'.repeat(32) },
  });
  try {
    assert.deepEqual(seen, [], 'listening did not wait for the sign-in');
    // Monitoring needs no trust server.
    assert.equal((await fetch(`${server.url}/metrics`)).status, 200);
    assert.deepEqual(seen, []);

    const time = await fetch(`${server.url}/v1/time`);
    assert.equal(time.status, 502);
    const body = (await time.json()) as { errors: { errorCode: string; message: string }[] };
    assert.equal(body.errors[0]?.errorCode, 'MGMT_TRUST_SERVER');
    assert.match(body.errors[0]?.message ?? '', /login refused: TS_CLIENT_AUTH_FAILED/);
    assert.deepEqual(seen, ['POST /v1/authmanager/authenticate/clientidsecretkey']);

    // One sign-in, shared: its caller gets the same refusal, and no second login is made.
    await assert.rejects(server.signIn(), { code: 'MGMT_TRUST_SERVER' });
    assert.equal((await fetch(`${server.url}/v1/provider-ca`)).status, 502);
    assert.equal(seen.length, 1);
  } finally {
    await server.close();
    await new Promise((resolve) => trust.close(resolve));
  }
});
