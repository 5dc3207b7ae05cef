// Two trust-server processes on one PostgreSQL database (docs/trust-server.md, "Scale-out"): both
// authenticate; a revocation made through one is honoured by the other within one second, through
// LISTEN/NOTIFY invalidation of the hot-path caches (polled, not slept on); a capture accepted by one is
// refused as a replay by the other (the shared capture_replay claim).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { PM } from './capability-fixtures.ts';
import {
  type AuthWorld,
  acceptedWithin,
  authenticateOnce,
  freshAuthRequest,
  issueLicense,
  refusedWithin,
  sendAuth,
  setUpAuthWorld,
} from './support/auth-fixture.ts';
import { type ChildServer, spawnServer, stop } from './support/child-server.ts';
import { startTestServer } from './support/server.ts';

describe('authentication API on two server processes over PostgreSQL', { timeout: 600_000 }, () => {
  let w: AuthWorld;
  let second: ChildServer;

  before(
    async () => {
      const s = await startTestServer({ store: 'postgres' });
      w = await setUpAuthWorld(s);
      const databaseUrl = s.config.databaseUrl as string;
      second = await spawnServer([], {
        DATABASE_URL: databaseUrl,
        MOSIP_TRUST_DATA_DIR: s.config.dataDir,
        MOSIP_TRUST_KEK_FILE: join(s.config.dataDir, 'kek.key'),
      });
    },
    { timeout: 400_000 },
  );
  after(
    async () => {
      if (second) await stop(second.child);
      await w?.devices.stop();
      await w?.s.close();
    },
    { timeout: 60_000 },
  );

  test('a revocation on one process is honoured by the other within one second', async () => {
    const other = second.baseUrl;
    // Both answer, and both have the partner, key and licence cached now.
    for (const baseUrl of [w.s.baseUrl, other, w.s.baseUrl, other]) {
      const ok = await authenticateOnce(w, { baseUrl });
      assert.equal(ok.status, 200, `${baseUrl}: ${JSON.stringify(ok.body)}`);
    }
    // Deactivate the partner through this process; the other refuses within a second.
    const off = await w.s.call('PATCH', `${PM}/partners/${w.partner.partnerId}`, {
      token: w.s.adminToken,
      request: { status: 'De-active' },
    });
    assert.equal(off.status, 200);
    const refused = await refusedWithin(w, 'IDA-MPA-012', 1000, { baseUrl: other });
    assert.equal(refused.status, 403);
    const on = await w.s.call('PATCH', `${PM}/partners/${w.partner.partnerId}`, {
      token: w.s.adminToken,
      request: { status: 'Active' },
    });
    assert.equal(on.status, 200);
    // The other process saw the deactivation; it takes the reactivation the same way, within a second.
    assert.equal((await acceptedWithin(w, 1000, { baseUrl: other })).status, 200);

    // Block the licence through the other process; this one refuses within a second.
    const block = await fetch(`${other}${PM}/misps`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${w.misp.token}` },
      body: JSON.stringify({
        id: 'mosip.test',
        version: '1.0',
        requesttime: new Date().toISOString(),
        request: { providerId: w.misp.partnerId, licenseKey: w.licenseKey, licenseKeyStatus: 'De-active' },
      }),
    });
    assert.equal(block.status, 200, await block.text());
    const blocked = await refusedWithin(w, 'IDA-MPA-017', 1000);
    assert.equal(blocked.status, 403);
    w.licenseKey = await issueLicense(w.s, w.misp);
    for (const baseUrl of [w.s.baseUrl, other])
      assert.equal((await authenticateOnce(w, { baseUrl })).status, 200);

    // The LISTEN connections of both processes are killed; they reconnect, and revocations still reach both.
    const killed = await sql<{
      n: number;
    }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = current_database() and query ilike 'LISTEN%'`.execute(w.s.server.deps.db);
    assert.equal(killed.rows[0]?.n, 2, 'two LISTEN connections');
    const off2 = await w.s.call('PATCH', `${PM}/partners/${w.partner.partnerId}`, {
      token: w.s.adminToken,
      request: { status: 'De-active' },
    });
    assert.equal(off2.status, 200);
    for (const baseUrl of [w.s.baseUrl, other]) await refusedWithin(w, 'IDA-MPA-012', 1000, { baseUrl });
    // The LISTEN connections come back after a back-off: wait for that state (bounded), then assert it.
    const listeners = async () =>
      (
        await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and query ilike 'LISTEN%'`.execute(w.s.server.deps.db)
      ).rows[0]?.n;
    const until = Date.now() + 30_000;
    while ((await listeners()) !== 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    assert.equal(await listeners(), 2, 'both processes listen again');
  });

  test('a capture accepted by one process is refused as a replay by the other', async () => {
    // The partner, deactivated at the end of the test before, active again on both processes.
    const on = await w.s.call('PATCH', `${PM}/partners/${w.partner.partnerId}`, {
      token: w.s.adminToken,
      request: { status: 'Active' },
    });
    assert.equal(on.status, 200);
    for (const baseUrl of [w.s.baseUrl, second.baseUrl]) await acceptedWithin(w, 1000, { baseUrl });
    const req = await freshAuthRequest(w);
    const first = await sendAuth(w, req, { baseUrl: second.baseUrl });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const replayed = await sendAuth(w, req);
    assert.equal(replayed.status, 403, JSON.stringify(replayed.body));
    assert.equal(replayed.body.errors?.[0]?.errorCode, 'VER_REPLAY', JSON.stringify(replayed.body));
    // And on the process that accepted it, too.
    const again = await sendAuth(w, req, { baseUrl: second.baseUrl });
    assert.equal(again.body.errors?.[0]?.errorCode, 'VER_REPLAY', JSON.stringify(again.body));
    // The refusal is in the partner's trace, at the verifier's shared claim.
    const traces = await w.s.call<{ status: string; failedCheck: string | null }[]>(
      'GET',
      `/v1/trust/auth-transactions/${req.transactionId}`,
      { token: w.partner.token },
    );
    assert.deepEqual(traces.body.response.map((t) => [t.status, t.failedCheck]).sort(), [
      ['failure', 'capture.replay'],
      ['failure', 'capture.replay.record'],
      ['success', null],
    ]);
  });
});
