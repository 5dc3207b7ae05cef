import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConformanceError } from './errors.ts';

/** One of MOSIP's SBI compliance test definitions (compliance_test_definitions_sbi.json). */
export interface CtkCase {
  testId: string;
  testName: string;
  methodName: string[];
  requestSchema: string[];
  responseSchema: string[];
  validatorDefs: { name: string }[][];
  otherAttributes: Record<string, unknown> & {
    purpose: string[];
    biometricTypes: string[];
    deviceSubTypes: string[];
    segments: string[];
    exceptions: string[];
    requestedScore: string;
    bioCount: string;
    deviceSubId: string;
  };
}

export function loadCases(ctkDir: string): CtkCase[] {
  const file = join(ctkDir, 'compliance-toolkit-testcases/compliance_test_definitions_sbi.json');
  const cases = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (
    !Array.isArray(cases) ||
    !cases.every(
      (c) =>
        typeof c?.testId === 'string' &&
        Array.isArray(c.methodName) &&
        Array.isArray(c.otherAttributes?.purpose),
    )
  )
    throw new ConformanceError('CTK_INVALID', `${file} is not a list of SBI test definitions`);
  return cases as CtkCase[];
}
