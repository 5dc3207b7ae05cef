import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely table interfaces, one per table of the migrations. Modules add theirs below (append
 * only) and list them in `Database`.
 */

/** A timestamptz column: read as Date, written as Date or ISO string, defaulted by the DB. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
/** jsonb: read as parsed JSON, written as a JSON string (both drivers accept that). */
export type Json<T = unknown> = ColumnType<T, string, string>;

export interface PartnerTypesTable {
  code: string;
  description: string;
  role: string;
  is_policy_required: boolean;
  is_active: Generated<boolean>;
}

export interface PolicyGroupsTable {
  id: string;
  name: string;
  description: Generated<string>;
  is_active: Generated<boolean>;
  created_by: string;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: NullableTimestamp;
}

export type ApprovalStatus = 'InProgress' | 'approved' | 'rejected';

export interface PartnersTable {
  id: string;
  name: string;
  address: string;
  contact_no: string;
  email_id: string;
  partner_type_code: string;
  policy_group_id: string | null;
  approval_status: Generated<ApprovalStatus>;
  is_active: Generated<boolean>;
  rejection_reason: string | null;
  lang_code: string | null;
  logo_url: string | null;
  additional_info: ColumnType<unknown, string | null | undefined, string | null>;
  certificate_alias: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: NullableTimestamp;
  version: Generated<number>;
}

export interface UsersTable {
  id: string;
  username: string;
  email: string | null;
  password_hash: string | null;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  partner_id: string | null;
  status: Generated<'ACTIVE' | 'DISABLED'>;
  must_change_password: Generated<boolean>;
  oidc_subject: string | null;
  created_at: Timestamp;
  updated_at: NullableTimestamp;
}

export interface MachineClientsTable {
  client_id: string;
  name: string;
  secret_hash: string;
  roles: ColumnType<string[], string[] | undefined, string[]>;
  partner_id: string | null;
  status: Generated<'ACTIVE' | 'DISABLED'>;
  created_by: string;
  created_at: Timestamp;
  updated_at: NullableTimestamp;
}

export interface AuthTokensTable {
  token_hash: string;
  user_id: string | null;
  client_id: string | null;
  kind: 'password' | 'client' | 'oidc';
  issued_at: Timestamp;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  revoked_at: NullableTimestamp;
}

export interface AuditLogTable {
  seq: ColumnType<number, number, never>;
  at: ColumnType<Date, Date | string, never>;
  actor: string;
  action: string;
  target: string | null;
  details: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export interface PlatformKeysTable {
  name: string;
  certificate_pem: string;
  encrypted_private_key_pem: string;
  created_at: Timestamp;
}

export interface Database {
  partner_types: PartnerTypesTable;
  policy_groups: PolicyGroupsTable;
  partners: PartnersTable;
  users: UsersTable;
  machine_clients: MachineClientsTable;
  auth_tokens: AuthTokensTable;
  audit_log: AuditLogTable;
  platform_keys: PlatformKeysTable;
}

// ---- Capability modules (migrations 010-015): trust store, policies, API keys, FTM chips, device models, MISP.
// Listed through declaration merging of `Database`, so this block only appends.

export type TrustDomainName = 'FTM' | 'DEVICE' | 'AUTH' | 'CREDENTIAL' | 'MISP';
export type RequiredTimestamp = ColumnType<Date, Date | string, Date | string>;

export interface CaCertificatesTable {
  id: string;
  domain: TrustDomainName;
  kind: 'ROOT' | 'INTERMEDIATE';
  subject: string;
  issuer: string;
  issuer_id: string | null;
  serial_number: string;
  not_before: RequiredTimestamp;
  not_after: RequiredTimestamp;
  thumbprint_sha1: string;
  thumbprint_sha256: string;
  certificate_pem: string;
  source: 'UPLOAD' | 'PLATFORM' | 'FTM_CHIP';
  created_by: string;
  created_at: Timestamp;
}

export interface PartnerCertificatesTable {
  id: string;
  partner_id: string;
  usage: 'SIGNATURE' | 'ENCRYPTION';
  domain: TrustDomainName;
  subject: string;
  organization: string;
  serial_number: string;
  not_before: RequiredTimestamp;
  not_after: RequiredTimestamp;
  thumbprint_sha1: string;
  thumbprint_sha256: string;
  original_pem: string;
  signed_pem: string;
  signed_not_after: RequiredTimestamp;
  chain_p7b: string;
  is_current: Generated<boolean>;
  created_by: string;
  created_at: Timestamp;
}

export type PolicyStatus = 'DRAFT' | 'PUBLISHED' | 'DEACTIVATED';

export interface PoliciesTable {
  id: string;
  policy_group_id: string;
  lineage_id: string;
  revision: number;
  name: string;
  description: string;
  policy_type: 'Auth' | 'DataShare' | 'CredentialIssuance' | 'MISP';
  version_label: string;
  document: Json<Record<string, unknown>>;
  status: Generated<PolicyStatus>;
  valid_from: RequiredTimestamp;
  valid_to: RequiredTimestamp;
  published_at: NullableTimestamp;
  published_by: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: NullableTimestamp;
}

export interface PolicyRequestsTable {
  id: string;
  partner_id: string;
  policy_id: string;
  use_case: string;
  status: Generated<ApprovalStatus>;
  reason: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  created_by: string;
  created_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  partner_id: string;
  policy_id: string;
  request_id: string;
  label: string;
  secret_hash: string;
  secret_prefix: string;
  status: Generated<'ACTIVE' | 'REVOKED'>;
  valid_from: RequiredTimestamp;
  valid_to: RequiredTimestamp;
  superseded_by: string | null;
  revoked_at: NullableTimestamp;
  revoked_by: string | null;
  created_by: string;
  created_at: Timestamp;
}

export type FtmChipStatus = 'pending_cert_upload' | 'pending_approval' | 'approved' | 'rejected';

export interface FtmChipsTable {
  id: string;
  provider_id: string;
  make: string;
  model: string;
  approval_status: Generated<FtmChipStatus>;
  is_active: Generated<boolean>;
  partner_org_name: string;
  certificate_pem: string | null;
  certificate_thumbprint_sha1: string | null;
  certificate_not_after: NullableTimestamp;
  ca_certificate_id: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  created_by: string;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: NullableTimestamp;
  /** Migration 033: incremented by every edit before the decision. */
  version: Generated<number>;
}

export type DeviceApprovalStatus = 'pending_approval' | 'approved' | 'rejected';

export interface DeviceSubTypesTable {
  type_code: string;
  code: string;
}

export interface DeviceDetailsTable {
  id: string;
  provider_id: string;
  type_code: string;
  sub_type_code: string;
  make: string;
  model: string;
  partner_org_name: string;
  approval_status: Generated<DeviceApprovalStatus>;
  is_active: Generated<boolean>;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  created_by: string;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: NullableTimestamp;
  /** Migration 033: incremented by every edit before the decision. */
  version: Generated<number>;
}

export interface SbiVersionsTable {
  id: string;
  provider_id: string;
  sw_version: string;
  sw_binary_hash: string;
  sw_created_at: RequiredTimestamp;
  sw_expires_at: RequiredTimestamp;
  partner_org_name: string;
  approval_status: Generated<DeviceApprovalStatus>;
  is_active: Generated<boolean>;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  created_by: string;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: NullableTimestamp;
  /** Migration 033: incremented by every edit before the decision. */
  version: Generated<number>;
}

export interface MispLicensesTable {
  id: string;
  misp_id: string;
  key_hash: string;
  key_prefix: string;
  status: Generated<'ACTIVE' | 'REVOKED' | 'EXPIRED'>;
  valid_from: RequiredTimestamp;
  valid_to: RequiredTimestamp;
  revoked_at: NullableTimestamp;
  revoked_by: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface AuthTransactionsTable {
  id: string;
  request_time: RequiredTimestamp;
  response_time: RequiredTimestamp;
  transaction_id: string;
  partner_id: string;
  partner_name: string | null;
  api_key_id: string | null;
  policy_id: string | null;
  misp_id: string | null;
  misp_license_id: string | null;
  auth_type_code: string;
  status_code: 'Y' | 'N';
  status_comment: string;
  error_code: string | null;
  ref_id_hash: string | null;
  ref_id_type: string | null;
  domain_uri: string | null;
  env: string | null;
  latency_ms: number | null;
  created_at: Timestamp;
  // Migration 050: the authentication API's trace (JSON written as text, read back parsed).
  decision_trace: ColumnType<unknown, string | null | undefined, string | null>;
  error_codes: ColumnType<unknown, string | null | undefined, string | null>;
  failed_check: string | null;
  match_performed: boolean | null;
}

export interface Database {
  ca_certificates: CaCertificatesTable;
  partner_certificates: PartnerCertificatesTable;
  policies: PoliciesTable;
  policy_requests: PolicyRequestsTable;
  api_keys: ApiKeysTable;
  ftm_chips: FtmChipsTable;
  device_sub_types: DeviceSubTypesTable;
  device_details: DeviceDetailsTable;
  sbi_versions: SbiVersionsTable;
  misp_licenses: MispLicensesTable;
  auth_transactions: AuthTransactionsTable;
}

// ---- Login throttling (migration 016).

export interface FailedLoginsTable {
  id: Generated<number>;
  at: Date;
  kind: 'user' | 'client' | 'probe';
  principal: string;
  address: string;
  /** Migration 031: a reservation of an attempt in flight (src/auth/throttle.ts). */
  pending: Generated<boolean>;
}

export interface Database {
  failed_logins: FailedLoginsTable;
}

// ---- Security hardening (migrations 030+).

export interface AuditChainTable {
  id: number;
  keyed_from: number;
  head_seq: number;
  head_hash: string;
  mac: string | null;
}

export interface Database {
  audit_chain: AuditChainTable;
}

// ---- SBI conformance reports (migration 070).

export interface ConformanceReportsTable {
  target_kind: 'device_detail' | 'sbi';
  target_id: string;
  provider_id: string;
  report: Json<Record<string, unknown>>;
  digest: string;
  tool_version: string;
  generated_at: Date;
  total: number;
  passed: number;
  failed: number;
  not_run: number;
  attached_by: string;
  attached_at: Date;
}

export interface Database {
  conformance_reports: ConformanceReportsTable;
}

/** MOSIP pms.partner_contact (migration 061). */
export interface PartnerContactsTable {
  id: string;
  partner_id: string;
  email_id: string;
  address: string;
  contact_no: string;
  is_active: Generated<boolean>;
  created_by: string;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: NullableTimestamp;
}

export interface Database {
  partner_contacts: PartnerContactsTable;
}

export interface CaptureReplayTable {
  transaction_id: string;
  expires_at: Timestamp;
}

export interface Database {
  capture_replay: CaptureReplayTable;
}

/** MOSIP pms.partner_policy_credential_type (migration 062). */
export interface CredentialTypePoliciesTable {
  partner_id: string;
  credential_type: string;
  policy_id: string;
  created_by: string;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: NullableTimestamp;
}

/** MOSIP pms.partner_policy_bioextract (migration 062). */
export interface PolicyBioExtractorsTable {
  id: string;
  partner_id: string;
  policy_id: string;
  attribute_name: string;
  biometric_modality: string;
  biometric_sub_types: string | null;
  extractor_provider: string;
  extractor_provider_version: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: NullableTimestamp;
}

/** MOSIP pms.device_detail_sbi (migration 062). */
export interface DeviceSbiLinksTable {
  device_detail_id: string;
  sbi_id: string;
  provider_id: string;
  created_by: string;
  created_at: Timestamp;
}

export interface Database {
  credential_type_policies: CredentialTypePoliciesTable;
  policy_bio_extractors: PolicyBioExtractorsTable;
  device_sbi_links: DeviceSbiLinksTable;
}

/** MOSIP master's pms.user_details: a user's portal consent (migration 063). */
export interface UserConsentsTable {
  user_id: string;
  consent_given_at: Timestamp;
  created_by: string;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: NullableTimestamp;
}

export interface Database {
  user_consents: UserConsentsTable;
}
