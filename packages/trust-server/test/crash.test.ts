import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { killHard, spawnServer, stop } from './support/child-server.ts';
import { freshStore } from './support/databases.ts';
import { STORES } from './support/server.ts';

async function post(baseUrl: string, path: string, request: unknown, token?: string) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ id: 'crash', version: '1.0', requesttime: new Date().toISOString(), request }),
  });
  return { status: res.status, body: (await res.json()) as { response: { token?: string } } };
}

for (const kind of STORES) {
  describe(`crash (${kind})`, () => {
    test('SIGKILL mid-burst: every acknowledged write survives and the store reopens cleanly', {
      timeout: 600_000,
    }, async () => {
      const store = await freshStore(kind);
      const adminPassword = randomBytes(16).toString('base64url');
      const env: Record<string, string> = {
        MOSIP_TRUST_ADMIN_USER: 'admin',
        MOSIP_TRUST_ADMIN_PASSWORD: adminPassword,
        // Test-only lower scrypt cost: the burst below is of sign-ups, each hashing a password.
        MOSIP_TRUST_TEST_SCRYPT_COST: '1024',
      };
      if (store.databaseUrl) env.DATABASE_URL = store.databaseUrl;
      try {
        const first = await spawnServer(['--data', store.dataDir], env);
        const acknowledged: string[] = [];
        let inFlight = 0;
        // 24 writers each register accounts back to back; the process is killed after 60 acknowledgements.
        const killAt = 60;
        let killed: Promise<void> | undefined;
        const writer = async (w: number) => {
          for (let i = 0; !killed; i++) {
            const username = `crash${w}x${i}`;
            inFlight++;
            try {
              const res = await post(first.baseUrl, '/v1/trust/accounts/signup', {
                username,
                password: 'crash-test-password',
              });
              if (res.status === 200) acknowledged.push(username);
            } catch {
              // Connection reset by the kill: not acknowledged.
            } finally {
              inFlight--;
            }
            if (acknowledged.length >= killAt && !killed) killed = killHard(first.child);
          }
        };
        await Promise.all(Array.from({ length: 24 }, (_, w) => writer(w)));
        await killed;
        assert.ok(acknowledged.length >= killAt);
        if (kind === 'pglite') {
          // The dead process left its lock file behind; the restart must see the PID is gone and take over.
          const lock = join(store.dataDir, 'mosip-trust.lock');
          assert.ok(existsSync(lock), 'stale lock file expected');
          assert.equal(readFileSync(lock, 'utf8').trim(), String(first.child.pid));
        }

        const second = await spawnServer(['--data', store.dataDir], env);
        try {
          const login = await post(second.baseUrl, '/v1/authmanager/authenticate/useridPwd', {
            userName: 'admin',
            password: adminPassword,
          });
          assert.equal(login.status, 200);
          const token = login.body.response.token as string;
          const users = (await (
            await fetch(`${second.baseUrl}/v1/trust/users`, { headers: { authorization: `Bearer ${token}` } })
          ).json()) as { response: { username: string }[] };
          const present = new Set(users.response.map((u) => u.username));
          const lost = acknowledged.filter((u) => !present.has(u));
          assert.deepEqual(
            lost,
            [],
            `acknowledged writes lost after SIGKILL (${acknowledged.length} acknowledged)`,
          );
          const verify = (await (
            await fetch(`${second.baseUrl}/v1/trust/audit/verify`, {
              headers: { authorization: `Bearer ${token}` },
            })
          ).json()) as { response: { ok: boolean; entries: number } };
          assert.equal(verify.response.ok, true);
          assert.ok(verify.response.entries >= acknowledged.length);
        } finally {
          await stop(second.child);
        }
        assert.equal(inFlight, 0);
      } finally {
        await store.drop();
      }
    });
  });
}
