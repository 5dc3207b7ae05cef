/**
 * The report a vendor attaches to a device-model or SBI submission (docs/conformance.md): the device
 * service's devices, the tool and its version, the time, every case's status and reasons, and a
 * SHA-256 digest over the canonical body.
 */
import { createHash } from 'node:crypto';
import {
  CONFORMANCE_REPORT_FORMAT,
  type ConformanceReport,
  canonicalReportBody,
  ConformanceReport as ReportSchema,
  reportInconsistencies,
} from '@mosip-trust/contracts';
import { Value } from '@sinclair/typebox/value';
import { ConformanceError } from './errors.ts';
import type { RunSummary } from './runner.ts';

export type { ConformanceReport };

export function reportDigest(body: ConformanceReport['body']): string {
  return createHash('sha256').update(canonicalReportBody(body), 'utf8').digest('hex');
}

/** The report schema's limits (contracts): at most 100 reasons of 4096 characters per case. */
const MAX_REASONS = 100;
const MAX_REASON_LENGTH = 4096;

function capped(reasons: string[]): string[] {
  const cut = (r: string) => (r.length > MAX_REASON_LENGTH ? `${r.slice(0, MAX_REASON_LENGTH - 1)}…` : r);
  if (reasons.length <= MAX_REASONS) return reasons.map(cut);
  return [...reasons.slice(0, MAX_REASONS - 1).map(cut), `… and ${reasons.length - (MAX_REASONS - 1)} more`];
}

export function buildReport(
  run: RunSummary,
  meta: { url: string; toolVersion: string; at: Date },
): ConformanceReport {
  const body: ConformanceReport['body'] = {
    tool: { name: 'mosip-trust conformance', version: meta.toolVersion },
    generatedAt: meta.at.toISOString(),
    deviceService: { url: meta.url, devices: run.devices },
    summary: { ...run.counts },
    cases: run.results.map((r) => ({ ...r, reasons: capped(r.reasons) })),
  };
  return {
    format: CONFORMANCE_REPORT_FORMAT,
    body,
    digest: { algorithm: 'SHA-256', value: reportDigest(body) },
  };
}

/** Schema, consistency and digest; throws REPORT_INVALID with every problem found. */
export function verifyReport(value: unknown): ConformanceReport {
  if (!Value.Check(ReportSchema, value)) {
    const first = [...Value.Errors(ReportSchema, value)].slice(0, 5);
    throw new ConformanceError(
      'REPORT_INVALID',
      `not a conformance report: ${first.map((e) => `${e.path || '/'} ${e.message}`).join('; ')}`,
    );
  }
  const problems = reportInconsistencies(value.body);
  if (reportDigest(value.body) !== value.digest.value) problems.push('the digest does not match the body');
  if (problems.length > 0) throw new ConformanceError('REPORT_INVALID', problems.join('; '));
  return value;
}
