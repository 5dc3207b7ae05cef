import { randomBytes, randomUUID } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import {
  loadConfig,
  ROLES,
  type Role,
  type StartOptions,
  startTrustServer,
  type TrustConfig,
  type TrustServer,
} from '../../src/index.ts';
import { freshStore, type StoreKind, type TestStore } from './databases.ts';

export { STORES, type StoreKind } from './databases.ts';

export interface CallResult<T = unknown> {
  status: number;
  body: {
    id?: string | null;
    version?: string | null;
    responsetime?: string;
    response: T;
    errors: { errorCode: string; message: string }[];
  };
  headers: Headers;
}

export interface CallOptions {
  token?: string | undefined;
  /** Wrapped as {id, version, requesttime, request} unless `raw` is set. */
  request?: unknown;
  /** Sent as is (a string is sent verbatim as the JSON body text). */
  raw?: unknown;
  headers?: Record<string, string>;
}

export interface TestPartner {
  partnerId: string;
  username: string;
  password: string;
  token: string;
  partnerType: string;
  role: Role;
}

/** Partner type code for each partner role. */
export const TYPE_OF_ROLE: Record<string, string> = {
  FTM_PROVIDER: 'FTM_Provider',
  DEVICE_PROVIDER: 'Device_Provider',
  AUTH_PARTNER: 'Auth_Partner',
  CREDENTIAL_PARTNER: 'Credential_Partner',
  MISP_PARTNER: 'MISP_Partner',
  ONLINE_VERIFICATION_PARTNER: 'Online_Verification_Partner',
  ABIS_PARTNER: 'ABIS_Partner',
  MANUAL_ADJUDICATION: 'Manual_Adjudication',
  SDK_PARTNER: 'SDK_Partner',
  INTERNAL_PARTNER: 'Internal_Partner',
  PRINT_PARTNER: 'Print_Partner',
};

/** Partner types MOSIP registers only with a policy group (partner_type.is_policy_required). */
const POLICY_REQUIRED_TYPES = new Set([
  'Auth_Partner',
  'Credential_Partner',
  'Online_Verification_Partner',
  'ABIS_Partner',
  'Manual_Adjudication',
  'Internal_Partner',
  'Print_Partner',
]);

export interface TestServer {
  kind: StoreKind;
  baseUrl: string;
  server: TrustServer;
  config: TrustConfig;
  adminUser: string;
  adminPassword: string;
  /** A PARTNER_ADMIN token (replace it after revoking it; the helpers read it from here). */
  adminToken: string;
  /** Any HTTP call; parses the JSON answer. */
  call<T = unknown>(method: string, path: string, options?: CallOptions): Promise<CallResult<T>>;
  login(username: string, password: string): Promise<string>;
  /** A staff user with the role (PARTNER_ADMIN or POLICYMANAGER), logged in. */
  staff(role: Role): Promise<{ username: string; password: string; token: string }>;
  /** Signs up a user, logs in and registers a partner of the role's type; `approve` (default true) approves it. */
  partner(role: Role, options?: { approve?: boolean; policyGroup?: string }): Promise<TestPartner>;
  /** A policy group row, created directly in the store for test setup. */
  policyGroup(name?: string): Promise<string>;
  /**
   * A digest of the content of every table (all rows, all columns), by table name, for "nothing
   * changed" checks; compare two with `diffSnapshots`.
   */
  snapshot(): Promise<Record<string, string>>;
  /** The number of rows in one table. */
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

let counter = 0;
function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${counter}${randomBytes(3).toString('hex')}`;
}

/** Starts a real trust server on 127.0.0.1:0 over a fresh store of the given kind. */
export async function startTestServer(options: {
  store: StoreKind;
  env?: Record<string, string>;
  /** The server's own logger (production configuration, redaction included) writes here; default: no log. */
  logStream?: NonNullable<StartOptions['logStream']>;
  /** The route modules (default: all of them); a benchmark swaps one for a differently configured one. */
  modules?: StartOptions['modules'];
}): Promise<TestServer> {
  const store: TestStore = await freshStore(options.store);
  const adminUser = 'admin';
  const adminPassword = randomBytes(16).toString('base64url');
  const config = loadConfig({
    env: {
      MOSIP_TRUST_DATA_DIR: store.dataDir,
      MOSIP_TRUST_PORT: '0',
      MOSIP_TRUST_HOST: '127.0.0.1',
      MOSIP_TRUST_ADMIN_USER: adminUser,
      MOSIP_TRUST_ADMIN_PASSWORD: adminPassword,
      // Test-only lower scrypt cost: the suites create and log in dozens of accounts per server.
      MOSIP_TRUST_TEST_SCRYPT_COST: '1024',
      ...(store.databaseUrl ? { DATABASE_URL: store.databaseUrl } : {}),
      ...options.env,
    },
  });
  let server: TrustServer;
  try {
    server = await startTrustServer(config, {
      ...(options.logStream ? { logStream: options.logStream } : { logger: false }),
      ...(options.modules ? { modules: options.modules } : {}),
    });
  } catch (e) {
    await store.drop();
    throw e;
  }
  const baseUrl = server.url;

  async function call<T>(method: string, path: string, o: CallOptions = {}): Promise<CallResult<T>> {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body: string | undefined;
    if (o.raw !== undefined) body = typeof o.raw === 'string' ? o.raw : JSON.stringify(o.raw);
    else if (o.request !== undefined) {
      body = JSON.stringify({
        id: 'mosip.test',
        version: '1.0',
        requesttime: new Date().toISOString(),
        request: o.request,
      });
    }
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    let parsed: CallResult<T>['body'];
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = { response: text as T, errors: [] };
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  async function login(username: string, password: string): Promise<string> {
    const res = await call<{ token: string }>('POST', '/v1/authmanager/authenticate/useridPwd', {
      request: { userName: username, password, appId: 'partner' },
    });
    if (res.status !== 200)
      throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body.errors)}`);
    return res.body.response.token;
  }

  const adminToken = await login(adminUser, adminPassword);

  async function signup(): Promise<{ username: string; password: string; token: string }> {
    const username = unique('user');
    const password = randomBytes(12).toString('base64url');
    const res = await call('POST', '/v1/trust/accounts/signup', {
      request: { username, password, email: `${username}@example.org` },
    });
    if (res.status !== 200)
      throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body.errors)}`);
    return { username, password, token: await login(username, password) };
  }

  async function policyGroup(name = unique('group')): Promise<string> {
    const db = server.deps.db;
    const existing = await db
      .selectFrom('policy_groups')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    if (existing) return name;
    await db
      .insertInto('policy_groups')
      .values({
        id: randomUUID(),
        name,
        description: 'test group',
        created_by: 'test',
        created_at: new Date(),
        updated_by: null,
        updated_at: null,
      })
      .execute();
    return name;
  }

  async function staff(role: Role) {
    const username = unique(role.toLowerCase());
    const password = randomBytes(12).toString('base64url');
    const { createUser, systemActor } = await import('../../src/index.ts');
    await createUser(server.deps, systemActor('test'), { username, password, roles: [role] });
    return { username, password, token: await login(username, password) };
  }

  async function partner(
    role: Role,
    o: { approve?: boolean; policyGroup?: string } = {},
  ): Promise<TestPartner> {
    const partnerType = TYPE_OF_ROLE[role];
    if (!partnerType) throw new Error(`${role} is not a partner role`);
    const user = await signup();
    const partnerId = unique('P');
    const needsGroup = POLICY_REQUIRED_TYPES.has(partnerType);
    const group = o.policyGroup ?? (needsGroup ? await policyGroup('default-group') : undefined);
    const res = await call('POST', '/v1/partnermanager/partners', {
      token: user.token,
      request: {
        partnerId,
        organizationName: `Org ${partnerId}`,
        address: '1 Test Street',
        contactNumber: '+911234567890',
        emailId: `${partnerId.toLowerCase()}@example.org`,
        partnerType,
        ...(group ? { policyGroup: group } : {}),
      },
    });
    if (res.status !== 200)
      throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body.errors)}`);
    if (o.approve !== false) {
      const approved = await call('POST', `/v1/partnermanager/partners/${partnerId}/approve`, {
        token: api.adminToken,
      });
      if (approved.status !== 200)
        throw new Error(`approve failed: ${approved.status} ${JSON.stringify(approved.body.errors)}`);
    }
    return {
      partnerId,
      username: user.username,
      password: user.password,
      token: user.token,
      partnerType,
      role,
    };
  }

  let digestQuery: RawBuilder<{ table_name: string; digest: string }> | undefined;
  async function snapshot(): Promise<Record<string, string>> {
    const db = server.deps.db;
    if (!digestQuery) {
      // The tables do not change after migration: one union query digests them all. Every table and
      // every column is compared, except audited security refusals (below): verifying a token writes
      // nothing, and the only other refusals that write (failed logins: failed_logins and the audit log)
      // are checked by their own tests, never between two snapshots. Rows are ordered by their text form, so the digest
      // depends on content only, not on the physical order a store returns rows in.
      const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db);
      digestQuery = sql.join(
        tables.rows.map((t) => {
          // Audited security refusals (src/http/refusal-auditor.ts) are the one thing a refused call writes:
          // those audit rows are left out, and of the chain's signed head (which every append moves) only
          // where the keyed chain starts; every other row and column is compared.
          const rows =
            t.table_name === 'audit_log'
              ? sql`(select * from audit_log where action not like 'security.refused%')`
              : t.table_name === 'audit_chain'
                ? sql`(select keyed_from from audit_chain)`
                : sql.table(t.table_name);
          return sql`select ${t.table_name} as table_name,
            count(*) || ':' || md5(coalesce(string_agg(r::text, E'\n' order by r::text), '')) as digest
            from ${rows} as r`;
        }),
        sql` union all `,
      ) as unknown as RawBuilder<{ table_name: string; digest: string }>;
    }
    const rows = await sql<{ table_name: string; digest: string }>`${digestQuery}`.execute(db);
    const digests: Record<string, string> = {};
    for (const r of [...rows.rows].sort((a, b) => a.table_name.localeCompare(b.table_name)))
      digests[r.table_name] = r.digest;
    return digests;
  }

  async function count(table: string): Promise<number> {
    const row = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
      server.deps.db,
    );
    return Number(row.rows[0]?.n ?? 0);
  }

  const api: TestServer = {
    kind: options.store,
    baseUrl,
    server,
    config,
    adminUser,
    adminPassword,
    adminToken,
    call,
    login,
    staff,
    partner,
    policyGroup,
    snapshot,
    count,
    close: async () => {
      await server.close();
      await store.drop();
    },
  };
  return api;
}

export { ROLES };

/** The tables whose content differs between two snapshots. */
export function diffSnapshots(before: Record<string, string>, after: Record<string, string>): string[] {
  const tables = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...tables].filter((n) => before[n] !== after[n]).sort();
}
