/**
 * validateApiKey throughput and latency: N keys in the store, M validations of random keys (valid ones).
 * PGlite in memory by default; DATABASE_URL=postgres://… measures a PostgreSQL server (a fresh database is expected).
 *   node --import tsx bench/trust-server-capabilities/run.ts [keys=10000] [validations=5000] [--quick] [--json]
 */
import { performance } from 'node:perf_hooks';
import { generateApiKeySecret as generateSecret, openStore, validateApiKey } from '@mosip-trust/trust-server';
import { log, report, row } from '../report.ts';

const quick = process.argv.includes('--quick');
const [keysArg, validationsArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const keys = Number(keysArg ?? (quick ? 2_000 : 10_000));
const validations = Number(validationsArg ?? (quick ? 1_000 : 5_000));
const url = process.env.DATABASE_URL;
const store = await openStore(url ? { dataDir: 'unused', databaseUrl: url } : { dataDir: 'memory://' });
const db = store.db;
const now = new Date();
const far = new Date(now.getTime() + 365 * 86_400_000);

await db.insertInto('policy_groups').values({ id: 'g1', name: 'bench', created_by: 'bench' }).execute();
await db
  .insertInto('partners')
  .values({
    id: 'p1',
    name: 'Bench Org',
    address: 'a',
    contact_no: '1',
    email_id: 'b@example.org',
    partner_type_code: 'Auth_Partner',
    policy_group_id: 'g1',
    approval_status: 'approved',
    is_active: true,
    created_by: 'bench',
    additional_info: null,
  })
  .execute();
await db
  .insertInto('policies')
  .values({
    id: 'pol1',
    policy_group_id: 'g1',
    lineage_id: 'pol1',
    revision: 1,
    name: 'kyc',
    description: 'd',
    policy_type: 'Auth',
    version_label: '1',
    document: '{}',
    status: 'PUBLISHED',
    valid_from: now,
    valid_to: far,
    created_by: 'bench',
  })
  .execute();
await db
  .insertInto('policy_requests')
  .values({
    id: 'r1',
    partner_id: 'p1',
    policy_id: 'pol1',
    use_case: 'bench',
    status: 'approved',
    created_by: 'bench',
  })
  .execute();
const secrets: string[] = [];
for (let start = 0; start < keys; start += 1000) {
  const rows = [];
  for (let i = start; i < Math.min(keys, start + 1000); i++) {
    const s = generateSecret();
    secrets.push(s.secret);
    rows.push({
      id: `k${i}`,
      partner_id: 'p1',
      policy_id: 'pol1',
      request_id: 'r1',
      label: `l${i}`,
      secret_hash: s.hash,
      secret_prefix: s.prefix,
      valid_from: now,
      valid_to: far,
      created_by: 'bench',
    });
  }
  await db.insertInto('api_keys').values(rows).execute();
}

const latencies: number[] = [];
const t0 = performance.now();
for (let i = 0; i < validations; i++) {
  const secret = secrets[Math.floor(Math.random() * secrets.length)] as string;
  const start = performance.now();
  const result = await validateApiKey(db, 'p1', secret);
  latencies.push(performance.now() - start);
  if (!result.valid) throw new Error(`unexpected ${result.errorCode}`);
}
const total = performance.now() - t0;
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] as number).toFixed(3);
log(
  `store: ${url ? 'postgres' : 'pglite (memory)'}; keys stored: ${keys}; sequential validations: ${validations}`,
);
log(
  `throughput: ${((validations / total) * 1000).toFixed(0)} validations/s; latency ms p50 ${pct(50)} p99 ${pct(99)} max ${pct(100)}`,
);
log(`reproduce: node --import tsx bench/trust-server-capabilities/run.ts ${keys} ${validations}`);
report([
  row(
    `trust-server: validateApiKey, ${url ? 'postgres' : 'pglite'}, ${keys} keys`,
    (validations / total) * 1000,
    '/s',
  ),
  row(
    `trust-server: validateApiKey, ${url ? 'postgres' : 'pglite'}, ${keys} keys, p99`,
    Number(pct(99)),
    'ms',
  ),
]);
await store.close();
