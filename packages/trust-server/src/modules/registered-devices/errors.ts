/**
 * The device registry's codes, spread into the one catalogue (src/errors.ts). MOSIP's codes where MOSIP has
 * one for the condition (docs/trust-server-capabilities.md, "Device registry"): masterdata first, PMS 1.1.5
 * where only PMS checks it. Plain object (no imports) so the catalogue can include it.
 */
export const REGISTRY_ERRORS = {
  // Registration (masterdata RegisteredDeviceErrorCode, PMS 1.1.5 RegisteredDeviceErrorCode).
  'KER-MSD-999': { status: 400, message: 'Device data is invalid' },
  'MSD-RDS-001': { status: 400, message: 'Time Stamp input is after the allowed window' },
  'MSD-RDS-002': { status: 400, message: 'Time Stamp input is before the allowed window' },
  'ADM-DPM-026': { status: 400, message: 'Device type does not exist' },
  'ADM-DPM-027': { status: 400, message: 'Device sub-type does not exist' },
  'ADM-DPM-032': { status: 400, message: 'Device Provider ID/Name does not exist' },
  'ADM-DPM-033': { status: 400, message: 'Invalid purpose' },
  'ADM-DPM-034': { status: 400, message: 'Invalid certification level' },
  'ADM-DPM-035': { status: 500, message: 'Error occurred while registering the device' },
  'ADM-DPM-043': { status: 409, message: 'Serial no and DpId already exist' },
  PMS_AUT_018: { status: 400, message: 'Device detail not found (device model not approved)' },
  PMS_AUT_019: { status: 400, message: 'Foundational trust provider does not exist or is not active' },
  PMS_AUT_022: { status: 400, message: 'Signature validation failed' },
  PMS_AUT_030: { status: 400, message: 'Foundational trust provider id is mandatory for L1 devices' },
  PMS_AUT_031: { status: 400, message: 'Time stamp is missing' },
  TS_REG_SBI_NOT_APPROVED: {
    status: 400,
    message: 'The device provider has no approved, unexpired SBI version of this device service version',
  },
  TS_REG_FTM_CHIP_NOT_APPROVED: {
    status: 400,
    message: 'The digital ID is not signed under an approved FTM chip of the foundational trust provider',
  },
  TS_REG_SUB_ID: { status: 400, message: 'deviceSubId is not valid for the device type and sub-type' },
  // De-registration (masterdata DeviceDeRegisterErrorCode) and status (masterdata RegisteredDeviceErrorCode).
  'KER-DPR-001': { status: 404, message: 'Device not found' },
  'KER-DPR-002': { status: 409, message: 'Device already de-registered' },
  'KER-DPR-003': { status: 400, message: 'Device code length exceeds 36 characters' },
  'KER-DPR-004': { status: 400, message: 'Environment does not match the server environment' },
  'ADM-DPM-037': { status: 400, message: 'Status must be Registered, Revoked or Retired' },
  'ADM-DPM-038': { status: 404, message: 'Registered device not found' },
  'KER-DPM-039': { status: 409, message: 'Device is already in this status' },
  'ADM-DPM-059': { status: 409, message: 'Device has been revoked' },
  // Encryption certificate retrieval.
  TS_ENC_ENV: { status: 400, message: 'env is not the environment of this server' },
  TS_ENC_CERT_NOT_FOUND: {
    status: 404,
    message: 'No encryption certificate for this application and reference id',
  },
} as const;
