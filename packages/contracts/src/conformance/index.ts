/**
 * The SBI conformance report (docs/conformance.md): written by `mosip-trust conformance --report`,
 * attached by a device provider to a device model or SBI version, validated and stored by the trust
 * server. `digest` is SHA-256 (hex) over `canonicalReportBody(body)`: it detects edits, it is not a
 * signature.
 */
import { type Static, Type } from '@sinclair/typebox';

const Text = (max: number) => Type.String({ maxLength: max });

export const CONFORMANCE_REPORT_FORMAT = 'mosip-trust/sbi-conformance-report@1';

export const ConformanceCaseResult = Type.Object(
  {
    testId: Type.String({ minLength: 1, maxLength: 64 }),
    testName: Text(512),
    method: Text(32),
    status: Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('not-run')]),
    reasons: Type.Array(Text(4096), { maxItems: 100 }),
    notes: Type.Array(Text(1024), { maxItems: 20 }),
  },
  { additionalProperties: false },
);

export const ConformanceDevice = Type.Object(
  {
    deviceId: Text(64),
    purpose: Text(32),
    type: Text(32),
    deviceSubType: Text(32),
    deviceStatus: Text(32),
    make: Text(256),
    model: Text(256),
    serialNo: Text(256),
    deviceProvider: Text(256),
    deviceProviderId: Text(256),
    serviceVersion: Text(64),
    firmware: Text(256),
  },
  { additionalProperties: false },
);

export const ConformanceReportBody = Type.Object(
  {
    tool: Type.Object({ name: Text(64), version: Text(32) }, { additionalProperties: false }),
    generatedAt: Type.String({
      pattern: '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z$',
      maxLength: 40,
    }),
    deviceService: Type.Object(
      { url: Text(2048), devices: Type.Array(ConformanceDevice, { maxItems: 64 }) },
      { additionalProperties: false },
    ),
    summary: Type.Object(
      {
        total: Type.Integer({ minimum: 0 }),
        passed: Type.Integer({ minimum: 0 }),
        failed: Type.Integer({ minimum: 0 }),
        notRun: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    cases: Type.Array(ConformanceCaseResult, { maxItems: 1000 }),
  },
  { additionalProperties: false },
);

export const ConformanceReport = Type.Object(
  {
    format: Type.Literal(CONFORMANCE_REPORT_FORMAT),
    body: ConformanceReportBody,
    digest: Type.Object(
      { algorithm: Type.Literal('SHA-256'), value: Type.String({ pattern: '^[0-9a-f]{64}$' }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type ConformanceReport = Static<typeof ConformanceReport>;
export type ConformanceReportBody = Static<typeof ConformanceReportBody>;
export type ConformanceCaseResult = Static<typeof ConformanceCaseResult>;

/** JSON with object keys sorted at every level: the text the report digest is computed over. */
export function canonicalReportBody(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalReportBody).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalReportBody(v)}`).join(',')}}`;
}

/** The consistency rules a schema cannot say: the summary counts the cases, test IDs are unique. */
export function reportInconsistencies(body: ConformanceReportBody): string[] {
  const problems: string[] = [];
  const count = (s: string) => body.cases.filter((c) => c.status === s).length;
  const expected = {
    total: body.cases.length,
    passed: count('pass'),
    failed: count('fail'),
    notRun: count('not-run'),
  };
  for (const [k, v] of Object.entries(expected))
    if (body.summary[k as keyof typeof expected] !== v) problems.push(`summary.${k} is not ${v}`);
  if (new Set(body.cases.map((c) => c.testId)).size !== body.cases.length)
    problems.push('a test ID appears twice');
  return problems;
}
