import { authApiAccess } from './auth-api.ts';
import { capabilitiesAccess } from './capabilities.ts';
import { compatAccess } from './compat.ts';
import { conformanceAccess } from './conformance.ts';
import { coreAccess } from './core.ts';
import { metricsAccess } from './metrics.ts';
import { registryAccess } from './registry.ts';
import { searchAccess } from './search.ts';
import type { AccessModule } from './types.ts';

/**
 * Every module's access expectations. A module adds one file here exporting an AccessModule and
 * one entry below; a route of the app missing from every table fails the matrix test.
 */
export const ACCESS_MODULES: AccessModule[] = [
  coreAccess,
  capabilitiesAccess,
  conformanceAccess,
  registryAccess,
  authApiAccess,
  searchAccess,
  compatAccess,
  metricsAccess,
];

export type { AccessModule, AccessTable, Caller, Fixtures, Intrusion, RouteExpectation } from './types.ts';
