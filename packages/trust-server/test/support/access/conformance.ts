import { buildReport } from '@mosip-trust/conformance';
import { ROLES } from '../../../src/index.ts';
import { need } from './records.ts';
import type { AccessModule, Caller } from './types.ts';

/** Access to the conformance-report routes (docs/conformance.md): the owning device provider and admins. */
const DEVICE: Caller[] = [ROLES.PARTNER_ADMIN, ROLES.DEVICE_PROVIDER];

/** A report about the matrix's device model (capabilities.ts DEVICE_MODEL: Finger Slap, MatrixMake). */
function report(): Record<string, unknown> {
  const device = {
    deviceId: '1',
    purpose: 'Registration',
    type: 'Finger',
    deviceSubType: 'Slap',
    deviceStatus: 'Ready',
    make: 'MatrixMake',
    model: 'MatrixModel',
    serialNo: 'M-1',
    deviceProvider: 'Matrix',
    deviceProviderId: 'matrix',
    serviceVersion: '0.9.5',
    firmware: '1',
  };
  const run = {
    ctkDir: '/ctk',
    devices: [device],
    results: [
      {
        testId: 'SBI1000',
        testName: 'Discover device',
        method: 'device',
        status: 'pass' as const,
        reasons: [],
        notes: [],
      },
    ],
    counts: { total: 1, passed: 1, failed: 0, notRun: 0 },
  };
  return { ...buildReport(run, { url: 'http://127.0.0.1:4501', toolVersion: '0.1.0', at: new Date() }) };
}

const P = '/v1/trust';

export const conformanceAccess: AccessModule = {
  table: {
    [`POST ${P}/device-details/:id/conformance-report`]: {
      allow: DEVICE,
      ownership: true,
      params: (fx) => ({ id: need(fx, 'deviceDetail') }),
      body: report,
    },
    [`GET ${P}/device-details/:id/conformance-report`]: {
      allow: DEVICE,
      ownership: true,
      params: (fx) => ({ id: need(fx, 'deviceDetail') }),
    },
    [`POST ${P}/sbi-versions/:id/conformance-report`]: {
      allow: DEVICE,
      ownership: true,
      params: (fx) => ({ id: need(fx, 'sbi') }),
      body: report,
    },
    [`GET ${P}/sbi-versions/:id/conformance-report`]: {
      allow: DEVICE,
      ownership: true,
      params: (fx) => ({ id: need(fx, 'sbi') }),
    },
  },
};
