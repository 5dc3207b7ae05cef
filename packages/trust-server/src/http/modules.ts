import { accountsModule } from '../modules/accounts/routes.ts';
import { apiKeysModule } from '../modules/api-keys/routes.ts';
import { auditModule } from '../modules/audit/routes.ts';
import { certificatesModule } from '../modules/certificates/routes.ts';
import { deviceModelsModule } from '../modules/device-models/routes.ts';
import { ftmChipsModule } from '../modules/ftm-chips/routes.ts';
import { mispModule } from '../modules/misp/routes.ts';
import { partnersCompatModule } from '../modules/partners/routes/compat.ts';
import { partnersModule } from '../modules/partners/routes.ts';
import { policyConfigModule } from '../modules/policies/routes/config.ts';
import { policiesModule } from '../modules/policies/routes.ts';
import { searchModule } from '../modules/search/routes.ts';
import { trustDomainsModule } from '../modules/trust-domains/routes.ts';
import type { TrustModule } from './module.ts';

/** Every route module of the trust server, in registration order. Add one line per module. */
export const TRUST_MODULES: TrustModule[] = [
  accountsModule,
  partnersModule,
  partnersCompatModule,
  auditModule,
  trustDomainsModule,
  certificatesModule,
  policiesModule,
  policyConfigModule,
  apiKeysModule,
  ftmChipsModule,
  deviceModelsModule,
  mispModule,
  searchModule,
];
