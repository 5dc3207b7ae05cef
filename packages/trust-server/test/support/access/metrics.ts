import { PARTNER_ROLES, ROLES } from '../../../src/index.ts';
import type { AccessModule } from './types.ts';

/**
 * /metrics is public, like Prometheus exporters (labels carry route patterns, statuses and codes
 * only, docs/metrics.md); its JSON view for the dashboard is the admin's.
 */
export const metricsAccess: AccessModule = {
  table: {
    'GET /metrics': { allow: ['anonymous', ROLES.PARTNER_ADMIN, ROLES.POLICYMANAGER, ...PARTNER_ROLES] },
    'GET /v1/trust/metrics': { allow: [ROLES.PARTNER_ADMIN] },
  },
};
