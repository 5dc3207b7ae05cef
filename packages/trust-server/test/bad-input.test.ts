import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RouteInfo } from '../src/index.ts';
import { buildFixtures, defaultParams, fillPath, type MatrixSetup } from './support/access/fixtures.ts';
import { ACCESS_MODULES, type Caller, type Fixtures, type RouteExpectation } from './support/access/index.ts';
import { diffSnapshots, STORES, startTestServer, type TestServer } from './support/server.ts';

/**
 * Sends bad input to every route that takes a body or typed parameters (from the app's route
 * table): malformed JSON, a missing envelope, a wrong envelope, each required field missing,
 * each field of the wrong type, an oversize body, bad parameters. Each must answer exactly the
 * status and catalogued code MOSIP uses for it (400 PMS_COR_001 "Invalid request parameter"; 413
 * TS_BODY_TOO_LARGE for an oversize body) with a message, and leave the content of every table
 * (and the audit log) as it was. A 403 or 404 is not "validated".
 */
const TIMEOUT = 600_000;
const INVALID = { status: 400, code: 'PMS_COR_001' };
const TABLE: Record<string, RouteExpectation> = Object.assign({}, ...ACCESS_MODULES.map((m) => m.table));

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  maxLength?: number;
}

/** A value of a type the schema does not take (undefined when it takes anything). */
function wrongValue(schema: JsonSchema): unknown {
  const types = new Set<string>();
  const collect = (s: JsonSchema) => {
    if (s.anyOf) s.anyOf.forEach(collect);
    else if (s.type) for (const t of [s.type].flat()) types.add(t);
    else types.add('any');
  };
  collect(schema);
  if (types.has('any')) return undefined;
  if (!types.has('object')) return { nested: true };
  if (!types.has('integer') && !types.has('number')) return 12345;
  if (!types.has('string')) return 'not-the-right-type';
  return undefined;
}

/** A value that satisfies the type (to isolate the one field under test). */
function plausibleValue(schema: JsonSchema): unknown {
  const s = schema.anyOf ? (schema.anyOf.find((x) => x.type !== 'null') ?? schema) : schema;
  const type = [s.type].flat()[0];
  switch (type) {
    case 'string':
      return 'x';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return Object.fromEntries((s.required ?? []).map((k) => [k, plausibleValue(s.properties?.[k] ?? {})]));
    default:
      return 'x';
  }
}

interface Case {
  name: string;
  raw: string;
  /** The answer expected (default INVALID). */
  expect?: { status: number; code: string };
}

function bodyCases(route: RouteInfo, bodyLimit: number): Case[] {
  const body = route.schema?.body as JsonSchema | undefined;
  if (!body) return [];
  const request = body.properties?.request ?? {};
  const cases: Case[] = [
    { name: 'malformed JSON', raw: '{"request": ' },
    { name: 'no envelope', raw: '{}' },
    { name: 'request of the wrong type', raw: JSON.stringify({ request: [] }) },
    {
      name: 'oversize body',
      raw: JSON.stringify({ request: { pad: 'a'.repeat(bodyLimit) } }),
      expect: { status: 413, code: 'TS_BODY_TOO_LARGE' },
    },
  ];
  if (request.properties) {
    const valid = plausibleValue(request) as Record<string, unknown>;
    for (const field of request.required ?? []) {
      const missing = { ...valid };
      delete missing[field];
      cases.push({ name: `missing ${field}`, raw: JSON.stringify({ request: missing }) });
    }
    for (const [field, schema] of Object.entries(request.properties)) {
      const wrong = wrongValue(schema);
      if (wrong !== undefined)
        cases.push({
          name: `${field} of the wrong type`,
          raw: JSON.stringify({ request: { ...valid, [field]: wrong } }),
        });
      if (schema.maxLength !== undefined) {
        cases.push({
          name: `${field} too long`,
          raw: JSON.stringify({ request: { ...valid, [field]: 'a'.repeat(schema.maxLength + 1) } }),
        });
      }
    }
  }
  return cases;
}

function queryCases(route: RouteInfo): string[] {
  const query = route.schema?.querystring as JsonSchema | undefined;
  const out: string[] = [];
  for (const [name, schema] of Object.entries(query?.properties ?? {})) {
    const types = [schema.type].flat();
    if (types.includes('integer') || types.includes('number')) out.push(`${name}=not-a-number`);
    if (schema.maxLength !== undefined) out.push(`${name}=${'a'.repeat(schema.maxLength + 1)}`);
  }
  return out;
}

function callerFor(exp: RouteExpectation): Caller {
  const preferred: Caller[] = [
    'PARTNER_ADMIN',
    'POLICYMANAGER',
    'AUTH_PARTNER',
    'DEVICE_PROVIDER',
    'FTM_PROVIDER',
    'CREDENTIAL_PARTNER',
    'MISP_PARTNER',
    'anonymous',
  ];
  return preferred.find((c) => exp.allow.includes(c)) ?? 'anonymous';
}

for (const kind of STORES) {
  describe(`bad input (${kind})`, () => {
    let t: TestServer;
    let fx: Fixtures;
    let tokenOf: MatrixSetup['tokenOf'];
    before(
      async () => {
        t = await startTestServer({ store: kind });
        ({ fx, tokenOf } = await buildFixtures(t));
      },
      { timeout: TIMEOUT },
    );
    after(async () => t?.close(), { timeout: 60_000 });

    test('every route answers bad input with its status, its catalogued code and a message, and changes nothing', {
      timeout: TIMEOUT,
    }, async () => {
      const failures: string[] = [];
      let checked = 0;
      for (const route of t.server.app.trustRoutes) {
        const key = `${route.method} ${route.url}`;
        const exp = TABLE[key];
        if (!exp) continue; // the authorization matrix reports routes without expectations
        const caller = callerFor(exp);
        const params = exp.params?.(fx, caller) ?? defaultParams(fx, caller);
        const path = fillPath(route.url, params);
        const sends: { name: string; path: string; raw?: string; expect?: Case['expect'] }[] = [
          ...bodyCases(route, t.config.bodyLimit).map((c) => ({ ...c, path })),
          ...queryCases(route).map((q) => ({ name: `query ${q.slice(0, 40)}`, path: `${path}?${q}` })),
        ];
        // The token first: a new login writes rows, and must not fall between the two snapshots.
        const token = await tokenOf(caller);
        const before = await t.snapshot();
        for (const send of sends) {
          const res = await t.call(route.method, send.path, {
            token,
            ...(send.raw !== undefined ? { raw: send.raw } : {}),
          });
          checked++;
          const error = res.body.errors?.[0];
          const expect = send.expect ?? INVALID;
          if (res.status !== expect.status || error?.errorCode !== expect.code || !error.message) {
            failures.push(
              `${key} [${send.name}] as ${caller}: ${res.status} ${JSON.stringify(res.body.errors)} (expected ${expect.status} ${expect.code})`,
            );
          }
        }
        const changed = diffSnapshots(before, await t.snapshot());
        if (changed.length > 0) failures.push(`${key}: bad input changed ${changed.join(', ')}`);
      }
      assert.ok(checked > 50, `only ${checked} bad inputs were sent`);
      assert.deepEqual(failures, []);
    });
  });
}
