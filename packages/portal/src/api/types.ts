/**
 * Response shapes the portal reads from the trust server (see /openapi.json).
 * Defined here until packages/contracts/src/api carries the trust server's view shapes; then these
 * become re-exports of @mosip-trust/contracts.
 */

export type Role =
  | 'PARTNER_ADMIN'
  | 'POLICYMANAGER'
  | 'FTM_PROVIDER'
  | 'DEVICE_PROVIDER'
  | 'AUTH_PARTNER'
  | 'CREDENTIAL_PARTNER'
  | 'MISP_PARTNER';

export interface Me {
  kind: string;
  id: string;
  name: string;
  partnerId: string;
  roles: Role[];
  mustChangePassword: boolean;
}

export interface LoginAnswer {
  status: string;
  message: string;
  token: string;
  expiresAt: string;
  mustChangePassword?: boolean;
}

export interface PartnerType {
  code: string;
  partnerDescription: string;
  role: string;
  isPolicyRequired: boolean;
  isActive: boolean;
}

export interface Partner {
  partnerID: string;
  status: string;
  organizationName: string;
  contactNumber: string;
  emailId: string;
  address: string;
  partnerType: string;
  policyGroup: string;
  isActive: boolean;
  approvalStatus: string;
  rejectionReason: string;
  certificateUploaded: boolean;
  createdDateTime: string;
}

export interface PartnerSearchAnswer {
  fromRecord: number;
  toRecord: number;
  totalRecord: number;
  data: Partner[];
}

export interface ChipModel {
  ftpChipDetailId: string;
  ftpProviderId: string;
  make: string;
  model: string;
  partnerOrganizationName: string;
  approvalStatus: string;
  isActive: boolean;
  certificateUploaded: boolean;
  certificateExpiry: string;
  crDtimes: string;
}

export interface DeviceModel {
  id: string;
  deviceProviderId: string;
  deviceTypeCode: string;
  deviceSubTypeCode: string;
  make: string;
  model: string;
  partnerOrganizationName: string;
  approvalStatus: string;
  isActive: boolean;
  /** Incremented by every edit; the admin's approval names the version it showed. */
  recordVersion: number;
  crDtimes: string;
}

export interface SbiVersion {
  id: string;
  providerId: string;
  swVersion: string;
  swBinaryHash: string;
  swCreateDateTime: string;
  swExpiryDateTime: string;
  partnerOrganizationName: string;
  approvalStatus: string;
  isActive: boolean;
  /** Incremented by every edit; the admin's approval names the version it showed. */
  recordVersion: number;
  crDtimes: string;
}

/** A device model's or SBI version's conformance report, as the trust server keeps it (docs/conformance.md). */
export interface AttachedConformance {
  attachedBy: string;
  attachedAt: string;
  report: {
    digest: { algorithm: string; value: string };
    body: {
      tool: { name: string; version: string };
      generatedAt: string;
      summary: { total: number; passed: number; failed: number; notRun: number };
      cases: { testId: string; testName: string; status: 'pass' | 'fail' | 'not-run'; reasons: string[] }[];
    };
  };
}

export interface ApiKeyRequestSummary {
  partnerID: string;
  status: string;
  organizationName: string;
  policyId: string;
  policyName: string;
  policyDesc: string;
  apiKeyReqNo: string;
  requestedAt: string;
}

export interface ApiKeyRequest {
  apiKeyReqID: string;
  apiKeyRequestStatus: string;
  policyId: string;
  policyName: string;
  policyRevision: number;
  useCaseDescription: string;
  reason: string;
  requestedAt: string;
  decidedAt: string;
  apiKeys: {
    apiKeyId: string;
    label: string;
    keyPrefix: string;
    status: string;
    validFrom: string;
    validTo: string;
  }[];
}

export interface GeneratedApiKey {
  apiKey: string;
  apiKeyId: string;
  label: string;
  policyId: string;
  validFrom: string;
  validTo: string;
}

export interface ActivePolicy {
  policyGroupName: string;
  id: string;
  name: string;
  descr: string;
  policyType: string;
  version: string;
  revision: number;
}

export interface Policy {
  policyGroupId: string;
  policyGroupName: string;
  policyId: string;
  policyName: string;
  policyDesc: string;
  policyType: string;
  status: string;
  version: string;
  revision: number;
  lineageId: string;
  cr_dtimes: string;
  policies: unknown;
}

export interface PolicyGroup {
  id: string;
  name: string;
  desc: string;
  is_Active: boolean;
}

/** A policy group as MOSIP's group reads answer it (camelCase entity). */
export interface PolicyGroupEntity {
  id: string;
  name: string;
  desc: string;
  isActive: boolean;
}

export interface PartnerCertificateData {
  certificateId: string;
  certificateUsage: string;
  partnerDomain: string;
  certThumbprint: string;
  caSignedCertificateData: string;
  isCaSignedCertificateExpired: boolean;
  mosipSignedCertificateData: string;
  isMosipSignedCertificateExpired: boolean;
  uploadedAt: string;
}

export interface TrustChainCertificate {
  certId: string;
  partnerDomain: string;
  caCertificateType: string;
  issuedTo: string;
  issuedBy: string;
  certThumbprint: string;
  validFromDate: string;
  validTillDate: string;
  status: string;
}

export interface Licence {
  mispId: string;
  licenseId: string;
  licenseKeyPrefix: string;
  status: string;
  isActive: boolean;
  validFromDate: string;
  validToDate: string;
}

export interface IssuedLicence {
  providerId: string;
  licenseId: string;
  licenseKey: string;
  licenseKeyStatus: string;
  licenseKeyExpiry: string;
}

export interface Transaction {
  transactionId: string;
  requestTime: string;
  responseTime: string;
  partnerId: string;
  partnerName: string;
  authType: string;
  /** The filter is `status=Y|N` (MOSIP's codes); a row answers `success` or `failure`. */
  status: 'success' | 'failure';
  statusComment: string;
  errorCode: string;
  licenseId: string;
}

export interface TransactionPage {
  pageNo: number;
  pageSize: number;
  totalResults: number;
  data: Transaction[];
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
  hash: string;
}

export interface AuditVerdict {
  ok: boolean;
  entries: number;
  headHash?: string;
  brokenAt?: number;
  reason?: string;
}

/** One metric of `GET /v1/trust/metrics` (the registry behind the trust server's /metrics). */
export interface MetricView {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  samples: {
    labels: Record<string, string>;
    value?: number;
    buckets?: { le: string; count: number }[];
    sum?: number;
    count?: number;
  }[];
}
