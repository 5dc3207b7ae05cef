/**
 * Interactive sessions slide (a used session never expires mid-task), machine tokens keep their short fixed
 * lifetime. The server runs on a clock the test drives, over real HTTP on loopback.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { loadConfig, startTrustServer, type TrustServer } from '../src/index.ts';
import { freshStore, type TestStore } from './support/databases.ts';

const TTL = 60;
let now = new Date('2030-01-01T10:00:00Z');
const advance = (seconds: number) => {
  now = new Date(now.getTime() + seconds * 1000);
};

let store: TestStore;
let server: TrustServer;
const adminPassword = randomBytes(16).toString('base64url');

async function post(path: string, request: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ id: 'test', version: '1.0', requesttime: now.toISOString(), request }),
  });
  return { res, body: (await res.json()) as { response: Record<string, unknown> | null } };
}

async function me(headers: Record<string, string>): Promise<number> {
  const res = await fetch(`${server.url}/v1/trust/auth/me`, { headers });
  await res.arrayBuffer();
  return res.status;
}

describe('session lifetime', { timeout: 120_000 }, () => {
  before(async () => {
    store = await freshStore('pglite');
    const config = loadConfig({
      env: {
        MOSIP_TRUST_DATA_DIR: store.dataDir,
        MOSIP_TRUST_PORT: '0',
        MOSIP_TRUST_ADMIN_USER: 'admin',
        MOSIP_TRUST_ADMIN_PASSWORD: adminPassword,
        MOSIP_TRUST_TOKEN_TTL: String(TTL),
        MOSIP_TRUST_TEST_SCRYPT_COST: '1024',
      },
    });
    server = await startTrustServer(config, { logger: false, clock: { now: () => now } });
  });
  after(async () => {
    await server?.close();
    await store?.drop();
  });

  test('a cookie session used within its lifetime slides; a machine token expires after its lifetime', async () => {
    const login = await post('/v1/authmanager/authenticate/useridPwd', {
      userName: 'admin',
      password: adminPassword,
      appId: 'partner',
    });
    assert.equal(login.res.status, 200);
    const setCookie = login.res.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^Authorization=mtt_[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    assert.doesNotMatch(setCookie, /Max-Age/i, 'a browser session cookie: the server decides the lifetime');
    const cookie = { cookie: setCookie.split(';')[0] as string };
    const bearer = { authorization: `Bearer ${login.body.response?.token as string}` };

    const created = await post('/v1/trust/clients', { name: 'mgmt', roles: ['PARTNER_ADMIN'] }, bearer);
    assert.equal(created.res.status, 200, JSON.stringify(created.body));
    const { client, secretKey } = created.body.response as {
      client: { clientId: string };
      secretKey: string;
    };
    const machine = await post('/v1/authmanager/authenticate/clientidsecretkey', {
      clientId: client.clientId,
      secretKey,
      appId: 'partner',
    });
    assert.equal(machine.res.status, 200);
    const machineAuth = { authorization: `Bearer ${machine.body.response?.token as string}` };

    // 40 s in (past half the lifetime): both work; the session is renewed for a full lifetime.
    advance(40);
    assert.equal(await me(cookie), 200);
    assert.equal(await me(machineAuth), 200);
    // 70 s in: past the first expiry. The session still works, the machine token does not.
    advance(30);
    assert.equal(await me(cookie), 200);
    assert.equal(await me(machineAuth), 401);
    // Still within the renewed lifetime, and renewed again while used.
    advance(30);
    assert.equal(await me(cookie), 200);
    // Idle for longer than a lifetime: the session ends.
    advance(TTL + 1);
    assert.equal(await me(cookie), 401);
    assert.equal(await me(bearer), 401, 'the same token as a bearer header');
  });

  test('a one-time password session is told which endpoint changes the password', async () => {
    const login = await post('/v1/authmanager/authenticate/useridPwd', {
      userName: 'admin',
      password: adminPassword,
    });
    const auth = { authorization: `Bearer ${login.body.response?.token as string}` };
    const created = await post('/v1/trust/users', { username: 'new.admin', roles: ['PARTNER_ADMIN'] }, auth);
    assert.equal(created.res.status, 200, JSON.stringify(created.body));
    const otp = (created.body.response as { oneTimePassword: string }).oneTimePassword;
    const first = await post('/v1/authmanager/authenticate/useridPwd', {
      userName: 'new.admin',
      password: otp,
    });
    const res = await fetch(`${server.url}/v1/trust/users`, {
      headers: { authorization: `Bearer ${first.body.response?.token as string}` },
    });
    const body = (await res.json()) as { errors: { errorCode: string; message: string }[] };
    assert.equal(res.status, 403);
    assert.equal(body.errors[0]?.errorCode, 'TS_PASSWORD_CHANGE_REQUIRED');
    assert.match(body.errors[0]?.message ?? '', /POST \/v1\/trust\/auth\/password/);
  });
});
