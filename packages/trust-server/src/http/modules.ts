import { accountsModule } from '../modules/accounts/routes.ts';
import { apiKeysCompatModule } from '../modules/api-keys/routes/compat-keys.ts';
import { masterListsModule } from '../modules/api-keys/routes/master-lists.ts';
import { apiKeysModule } from '../modules/api-keys/routes.ts';
import { auditModule } from '../modules/audit/routes.ts';
import { authApiModule } from '../modules/auth-api/routes.ts';
import { certificatesModule } from '../modules/certificates/routes.ts';
import { conformanceReportsModule } from '../modules/conformance-reports/routes.ts';
import { credentialPartnersModule } from '../modules/credential-partners/routes.ts';
import { deviceMasterModule } from '../modules/device-models/routes/compat-master.ts';
import { sbiDeviceMapModule } from '../modules/device-models/routes/compat-sbi-map.ts';
import { deviceModelsModule } from '../modules/device-models/routes.ts';
import { ftmChipsModule } from '../modules/ftm-chips/routes.ts';
import { mispLicenseLookupModule } from '../modules/misp/routes/compat-license.ts';
import { mispModule } from '../modules/misp/routes.ts';
import { partnersCompatModule } from '../modules/partners/routes/compat.ts';
import { partnersMasterModule } from '../modules/partners/routes/master.ts';
import { partnersModule } from '../modules/partners/routes.ts';
import { passwordResetModule } from '../modules/password-reset/routes.ts';
import { policyMasterModule } from '../modules/policies/routes/compat-master.ts';
import { policyConfigModule } from '../modules/policies/routes/config.ts';
import { policiesModule } from '../modules/policies/routes.ts';
import { portalMasterModule } from '../modules/portal-master/routes.ts';
import { registeredDevicesModule } from '../modules/registered-devices/routes.ts';
import { searchModule } from '../modules/search/routes.ts';
import { transactionsModule } from '../modules/transactions/routes.ts';
import { trustDomainsModule } from '../modules/trust-domains/routes.ts';
import type { TrustModule } from './module.ts';

/** Every route module of the trust server, in registration order. Add one line per module. */
export const TRUST_MODULES: TrustModule[] = [
  accountsModule,
  partnersModule,
  partnersCompatModule,
  partnersMasterModule,
  masterListsModule,
  auditModule,
  trustDomainsModule,
  certificatesModule,
  policiesModule,
  policyConfigModule,
  policyMasterModule,
  apiKeysModule,
  apiKeysCompatModule,
  credentialPartnersModule,
  ftmChipsModule,
  deviceModelsModule,
  sbiDeviceMapModule,
  deviceMasterModule,
  mispModule,
  mispLicenseLookupModule,
  passwordResetModule,
  portalMasterModule,
  conformanceReportsModule,
  transactionsModule,
  authApiModule,
  registeredDevicesModule,
  searchModule,
];
