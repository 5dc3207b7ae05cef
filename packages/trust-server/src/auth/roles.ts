/** Role names are MOSIP's Keycloak realm roles. */
export const ROLES = {
  PARTNER_ADMIN: 'PARTNER_ADMIN',
  POLICYMANAGER: 'POLICYMANAGER',
  FTM_PROVIDER: 'FTM_PROVIDER',
  DEVICE_PROVIDER: 'DEVICE_PROVIDER',
  AUTH_PARTNER: 'AUTH_PARTNER',
  CREDENTIAL_PARTNER: 'CREDENTIAL_PARTNER',
  MISP_PARTNER: 'MISP_PARTNER',
  ONLINE_VERIFICATION_PARTNER: 'ONLINE_VERIFICATION_PARTNER',
  ABIS_PARTNER: 'ABIS_PARTNER',
  MANUAL_ADJUDICATION: 'MANUAL_ADJUDICATION',
  SDK_PARTNER: 'SDK_PARTNER',
  INTERNAL_PARTNER: 'INTERNAL_PARTNER',
  PRINT_PARTNER: 'PRINT_PARTNER',
} as const;

export type Role = (typeof ROLES)[keyof typeof ROLES];

export const ALL_ROLES: readonly Role[] = Object.values(ROLES);
/** Roles a person is given directly (the partner-type roles come from the partner they act for). */
export const STAFF_ROLES: readonly Role[] = [ROLES.PARTNER_ADMIN, ROLES.POLICYMANAGER];
/** The partner-type roles, one per partner type. */
export const PARTNER_ROLES: readonly Role[] = [
  ROLES.FTM_PROVIDER,
  ROLES.DEVICE_PROVIDER,
  ROLES.AUTH_PARTNER,
  ROLES.CREDENTIAL_PARTNER,
  ROLES.MISP_PARTNER,
  ROLES.ONLINE_VERIFICATION_PARTNER,
  ROLES.ABIS_PARTNER,
  ROLES.MANUAL_ADJUDICATION,
  ROLES.SDK_PARTNER,
  ROLES.INTERNAL_PARTNER,
  ROLES.PRINT_PARTNER,
];

/**
 * Partner roles MOSIP lets map policies and hold API keys (its postpartnerspolicymap /
 * patchpartnersgenerateapikey role lists; docs/pms-compatibility.md).
 */
export const KEY_HOLDER_ROLES: readonly Role[] = [
  ROLES.AUTH_PARTNER,
  ROLES.CREDENTIAL_PARTNER,
  ROLES.ONLINE_VERIFICATION_PARTNER,
  ROLES.ABIS_PARTNER,
];

/** MOSIP partner type code -> role. */
export const PARTNER_TYPE_ROLE: Readonly<Record<string, Role>> = {
  FTM_Provider: ROLES.FTM_PROVIDER,
  Device_Provider: ROLES.DEVICE_PROVIDER,
  Auth_Partner: ROLES.AUTH_PARTNER,
  Credential_Partner: ROLES.CREDENTIAL_PARTNER,
  MISP_Partner: ROLES.MISP_PARTNER,
  Online_Verification_Partner: ROLES.ONLINE_VERIFICATION_PARTNER,
  ABIS_Partner: ROLES.ABIS_PARTNER,
  Manual_Adjudication: ROLES.MANUAL_ADJUDICATION,
  SDK_Partner: ROLES.SDK_PARTNER,
  Internal_Partner: ROLES.INTERNAL_PARTNER,
  Print_Partner: ROLES.PRINT_PARTNER,
};

export function isRole(value: string): value is Role {
  return (ALL_ROLES as readonly string[]).includes(value);
}

/** Who is calling, as established by the auth guard from the bearer token. */
export interface Principal {
  /** `system`: an administrator acting outside any request (bootstrap, command line). */
  kind: 'user' | 'client' | 'system';
  /** users.id, or machine_clients.client_id for a client. */
  id: string;
  /** The name written to the audit log: the user name, or `client:<id>`. */
  name: string;
  /** The partner this user or client acts for. */
  partnerId: string | null;
  roles: Role[];
  /** A user still holding a generated one-time password may only change it. */
  mustChangePassword?: boolean;
  /** Whether the partner acted for is approved and active (src/http/inactive-partner.ts). */
  partnerActive?: boolean;
}

export function hasRole(principal: Principal | undefined, ...roles: Role[]): boolean {
  return !!principal && principal.roles.some((r) => roles.includes(r));
}

export function isAdmin(principal: Principal | undefined): boolean {
  return hasRole(principal, ROLES.PARTNER_ADMIN);
}
