/** Response bodies of every operation, with MockMDS's field order (docs/device-service.md, "Response field order"). */

import type {
  BiometricData,
  CaptureElement as CaptureElementWire,
  DeviceInfo,
  DiscoveryItem,
  MdsErrorItem,
} from '@mosip-trust/contracts';
import { type MdsCode, type MdsErrorObject, mdsError } from '../errors.ts';
import type { AsciiPiece } from './base64-pieces.ts';
import { asciiJson, splitAtEmptyValue } from './json.ts';
import type { Certification, DeviceStatus, Env, Purpose } from './model.ts';
import { SERVICE_VERSION, SPEC_VERSION } from './model.ts';

/** The view of a device every response is built from. */
export interface DeviceView {
  deviceId: string;
  status: DeviceStatus;
  certification: Certification;
  purpose: Purpose;
  deviceSubIds: string[];
  firmware: string;
  registered: boolean;
  deviceCode: string;
  env: Env | 'None';
}

/** Discovery/info error for a device state: 0, 110 Not Ready, 111 Busy, 100 Not Registered. */
export function statusError(status: DeviceStatus): MdsErrorObject {
  switch (status) {
    case 'Ready':
      return mdsError('0');
    case 'Busy':
      return mdsError('111');
    case 'Not Ready':
      return mdsError('110');
    case 'Not Registered':
      return mdsError('100');
  }
}

export function callbackId(port: number): string {
  return `http://127.0.0.1:${port}/`;
}

/** One discovery item; `digitalId` is the unsigned form. Unregistered devices hide id, code and purpose. */
export function discoveryItem(view: DeviceView, unsignedDigitalId: string, port: number): DiscoveryItem {
  return {
    deviceId: view.registered ? view.deviceId : '',
    deviceStatus: view.status,
    certification: view.certification,
    serviceVersion: SERVICE_VERSION,
    callbackId: callbackId(port),
    digitalId: unsignedDigitalId,
    deviceCode: view.registered ? view.deviceCode : '',
    purpose: view.registered ? view.purpose : '',
    error: statusError(view.status),
    specVersion: [SPEC_VERSION],
    deviceSubId: view.deviceSubIds,
  };
}

/** The device info payload (signed by the device key when registered). */
export function deviceInfoPayload(view: DeviceView, digitalId: string, port: number): DeviceInfo {
  return {
    specVersion: [SPEC_VERSION],
    env: view.registered ? view.env : 'None',
    digitalId,
    deviceId: view.registered ? view.deviceId : '',
    deviceCode: view.registered ? view.deviceCode : '',
    purpose: view.registered ? view.purpose : '',
    serviceVersion: SERVICE_VERSION,
    deviceStatus: view.status,
    firmware: view.firmware,
    certification: view.certification,
    deviceSubId: view.deviceSubIds,
    callbackId: callbackId(port),
  };
}

export function errorArray(code: MdsCode): MdsErrorItem[] {
  return [{ error: mdsError(code) }];
}

export interface CaptureDataInput {
  digitalId: string;
  deviceCode: string;
  bioType: string;
  bioSubType: string | undefined;
  purpose: Purpose;
  env: Env;
  /** Auth only: echoed request value. */
  domainUri?: string;
  bioValue: string;
  transactionId: string;
  timestamp: string;
  requestedScore: string;
  qualityScore: string;
}

/** The signed data of an element; keys in this order (Face has no bioSubType, only Auth has domainUri). */
export function captureData(d: CaptureDataInput): BiometricData {
  return {
    digitalId: d.digitalId,
    deviceCode: d.deviceCode,
    deviceServiceVersion: SERVICE_VERSION,
    bioType: d.bioType,
    ...(d.bioSubType !== undefined ? { bioSubType: d.bioSubType } : {}),
    purpose: d.purpose,
    env: d.env,
    ...(d.purpose === 'Auth' ? { domainUri: d.domainUri ?? '' } : {}),
    bioValue: d.bioValue,
    transactionId: d.transactionId,
    timestamp: d.timestamp,
    requestedScore: d.requestedScore,
    qualityScore: d.qualityScore,
  };
}

/** A capture response element as the service assembles it: the wire shape with `data` as pieces. */
export interface CaptureElement extends Omit<CaptureElementWire, 'data' | 'error'> {
  /** The signed JWS (as ASCII pieces), '' in an error element. */
  data: string | readonly AsciiPiece[];
  error: MdsErrorObject;
}

export function successElement(
  specVersion: string,
  data: readonly AsciiPiece[],
  hash: string,
  auth?: { sessionKey: string; thumbprint: string },
): CaptureElement {
  if (auth)
    return {
      specVersion,
      data,
      hash,
      sessionKey: auth.sessionKey,
      thumbprint: auth.thumbprint,
      error: mdsError('0'),
    };
  return { specVersion, data, hash, error: mdsError('0') };
}

/** Error element: RCAPTURE carries specVersion, data, hash, error; CAPTURE adds sessionKey and thumbprint. */
export function errorElement(specVersion: string, code: MdsCode, auth: boolean): CaptureElement {
  if (auth) return { specVersion, data: '', hash: '', sessionKey: '', thumbprint: '', error: mdsError(code) };
  return { specVersion, data: '', hash: '', error: mdsError(code) };
}

export function captureErrorBody(
  specVersion: string,
  code: MdsCode,
  auth: boolean,
): { biometrics: CaptureElement[] } {
  return { biometrics: [errorElement(specVersion, code, auth)] };
}

/**
 * The capture response `{"biometrics":[…]}` as ASCII pieces: joined, the same as asciiJson of it, with each
 * element's JWS put in as pieces (a JWS is base64url and dots, so it needs no escaping).
 */
export function captureResponseBody(elements: readonly CaptureElement[]): AsciiPiece[] {
  const pieces: AsciiPiece[] = ['{"biometrics":['];
  for (const [i, element] of elements.entries()) {
    const [before, after] = splitAtEmptyValue(asciiJson({ ...element, data: '' }), 'data');
    pieces.push(i === 0 ? before : `,${before}`);
    if (typeof element.data === 'string') pieces.push(element.data);
    else pieces.push(...element.data);
    pieces.push(after);
  }
  pieces.push(']}');
  return pieces;
}
