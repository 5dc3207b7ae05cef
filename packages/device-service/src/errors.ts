/** The package's one error class and its catalogue of stable codes. */
import type { MdsError } from '@mosip-trust/contracts';

export const ERROR_CODES = {
  /** A request broke an MDS rule; `mdsCode` holds the protocol error code answered to the client. */
  ERR_PROTOCOL: 'MDS protocol error',
  ERR_CONFIG: 'invalid device service configuration',
  ERR_STATE: 'device state directory unusable',
  ERR_KEK: 'key-encryption key missing or wrong',
  ERR_REGISTRATION: 'device registration failed',
  ERR_MANAGEMENT_SERVER: 'management server unreachable or answered an error',
  ERR_NOT_REGISTERED: 'device is not registered',
  ERR_UNKNOWN_DEVICE: 'no such device',
  ERR_ADMIN: 'invalid admin request',
  ERR_RECORD_SOURCE: 'biometric record source failed',
} as const;

export type DeviceServiceErrorCode = keyof typeof ERROR_CODES;

export class DeviceServiceError extends Error {
  readonly code: DeviceServiceErrorCode;
  /** For ERR_PROTOCOL: the MDS error code (e.g. "109"). */
  readonly mdsCode: MdsCode | undefined;
  constructor(code: DeviceServiceErrorCode, message?: string, mdsCode?: MdsCode) {
    super(message ?? ERROR_CODES[code]);
    this.name = 'DeviceServiceError';
    this.code = code;
    this.mdsCode = mdsCode;
  }
}

/** Shorthand for a protocol failure answered with an MDS error code. */
export function protocolError(mdsCode: MdsCode, detail?: string): DeviceServiceError {
  return new DeviceServiceError('ERR_PROTOCOL', detail ?? mdsErrorInfo(mdsCode), mdsCode);
}

/**
 * MDS error codes and their English text: spec 0.9.5 codes where the spec names the condition,
 * MockMDS's codes otherwise (docs/device-service.md, "Error codes"), so logs compare one-to-one with MockMDS.
 */
export const MDS_ERRORS = {
  '0': 'Success',
  '100': 'Device not registered',
  '101': 'Unable to detect a biometric object',
  '102': 'Technical error during extraction',
  '103': 'Device tamper detected',
  '104': 'Unable to connect to management server',
  '105': 'Image orientation error',
  '106': 'Device not found',
  '107': 'Device public key expired',
  '108': 'Domain public key missing',
  '109': 'Requested number of biometric (Finger/IRIS) not supported',
  '110': 'Device is not ready',
  '111': 'Device is busy',
  '112': 'Invalid Transaction ID',
  '114': "Device Type Mismatch('Finger', 'Iris', 'Face')",
  '115': "Env values Mismatch('Staging', 'Developer', 'Pre-Production', 'Production')",
  '120': 'Device Type MisMatch for given deviceId',
  '121': "Purpose Value Mismatch('Registration', 'Auth')",
  '122': 'BioSubType/Exception MisMatch for given Biometric Type',
  '123': 'Invalid or mistyped request JSON',
  '500': 'Invalid URL',
  '501': 'Invalid Type Value in Device Discovery Request',
  '503': 'Devices are not Connected, please connect devices',
  '601': 'Livestream request can not be done for Auth Devices',
  '604': 'Device Id value not present in Livestream request object',
  '605': 'Device is not connected or not Registered for the deviceId given in Livestream request object',
  '606': 'Device connected purpose should be for Registration only for Livestream',
  '607': 'Device Status is Not Ready or Busy',
  '609': 'Live Stream timeout',
  '610': 'Live streaming unknown error',
  '701': 'RCapture Failed because Capture Timeout has happened',
  '702': 'RCapture Failed because Live streaming DeviceId and DeviceSubId different',
  '703': 'RCapture process already in progress, try after sometime',
  '704': 'Device Id value not present in RCapture request object',
  '705': 'Device is not connected or not Registered for the deviceId given in RCapture request object',
  '706': 'Device connected purpose should be for Registration only for RCapture',
  '708': 'No BioMetric information present for the given Biotype and BioSubType Id',
  '709': 'RCapture request can not be done for Auth Devices',
  '710': 'RCapture unknown error',
  '801': 'Auth Capture Failed because Capture Timeout has happened',
  '803': 'Auth Capture process already in progress, try after sometime',
  '804': 'Device Id value not present in Auth Capture request object',
  '805': 'Device is not connected or not Registered for the deviceId given in Auth Capture request object',
  '806': 'Device connected purpose should be for Auth only for Auth Capture',
  '809': 'Auth Capture request can not be done for Registration Devices',
  '810': 'Auth Capture unknown error',
  '999': 'Unknown Error',
} as const satisfies Record<string, string>;

/** Every MDS error code the service answers with. */
export type MdsCode = keyof typeof MDS_ERRORS;

export function isMdsCode(value: unknown): value is MdsCode {
  return typeof value === 'string' && Object.hasOwn(MDS_ERRORS, value);
}

export function mdsErrorInfo(code: MdsCode): string {
  return MDS_ERRORS[code];
}

/** The wire's error object, with a catalogued code. */
export interface MdsErrorObject extends MdsError {
  errorCode: MdsCode;
}

export function mdsError(code: MdsCode): MdsErrorObject {
  return { errorCode: code, errorInfo: mdsErrorInfo(code) };
}
