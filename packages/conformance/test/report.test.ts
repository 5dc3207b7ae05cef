/** The conformance report: built within the schema's limits, verified (schema, counts, digest). */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { buildReport, type CaseResult, type RunSummary, verifyReport } from '../src/index.ts';

function run(results: CaseResult[]): RunSummary {
  const count = (s: string) => results.filter((r) => r.status === s).length;
  return {
    ctkDir: '/ctk',
    devices: [],
    results,
    counts: { total: results.length, passed: count('pass'), failed: count('fail'), notRun: count('not-run') },
  };
}

const meta = { url: 'http://127.0.0.1:4501', toolVersion: '0.1.0', at: new Date('2026-12-03T16:00:00Z') };

test('a failing case with many long reasons still makes a valid report', { timeout: 10_000 }, () => {
  const reasons = Array.from({ length: 150 }, (_, i) => `${i}: ${'x'.repeat(5000)}`);
  const report = buildReport(
    run([
      { testId: 'SBI1002', testName: 'Left Slap', method: 'rcapture', status: 'fail', reasons, notes: [] },
    ]),
    meta,
  );
  const reported = verifyReport(JSON.parse(JSON.stringify(report))).body.cases[0]?.reasons ?? [];
  assert.equal(reported.length, 100);
  assert.ok(reported.every((r) => r.length <= 4096));
  assert.equal(reported[99], '… and 51 more');
});

test('the digest is SHA-256 over the body with keys sorted; edits and bad counts are refused', {
  timeout: 10_000,
}, () => {
  const report = buildReport(
    run([
      {
        testId: 'SBI1000',
        testName: 'Discover device',
        method: 'device',
        status: 'pass',
        reasons: [],
        notes: [],
      },
      {
        testId: 'SBI1014',
        testName: 'Auth capture - Face',
        method: 'capture',
        status: 'not-run',
        reasons: ['no device'],
        notes: [],
      },
    ]),
    meta,
  );
  // Sorted keys at the top level of the body: cases, deviceService, generatedAt, summary, tool.
  const b = report.body;
  const text = JSON.stringify({
    cases: b.cases.map((c) => ({
      method: c.method,
      notes: c.notes,
      reasons: c.reasons,
      status: c.status,
      testId: c.testId,
      testName: c.testName,
    })),
    deviceService: { devices: [], url: b.deviceService.url },
    generatedAt: b.generatedAt,
    summary: { failed: 0, notRun: 1, passed: 1, total: 2 },
    tool: { name: b.tool.name, version: b.tool.version },
  });
  assert.equal(report.digest.value, createHash('sha256').update(text).digest('hex'));
  const edited = structuredClone(report);
  edited.body.deviceService.url = 'http://elsewhere';
  assert.throws(() => verifyReport(edited), /digest does not match/);
  const miscounted = buildReport(
    { ...run(report.body.cases), counts: { total: 2, passed: 2, failed: 0, notRun: 0 } },
    meta,
  );
  assert.throws(() => verifyReport(miscounted), /summary\.passed is not 1/);
  assert.throws(() => verifyReport({ ...report, format: 'other' }), /not a conformance report/);
});
