/** Static facts of MDS 0.9.5: device kinds, names and the deviceSubId tables (docs/device-service.md, "Device sub-IDs and positions"). */

import type { BioType, Certification, DeviceStatus, Env, Purpose } from '@mosip-trust/contracts';

export type { BioType, Certification, DeviceStatus, Env, Purpose };
export type DeviceKind = 'finger-slap' | 'finger-single' | 'iris-double' | 'iris-single' | 'face';

export const SPEC_VERSION = '0.9.5';
export const SERVICE_VERSION = '0.9.5';
export const ENVS: readonly Env[] = ['Staging', 'Developer', 'Pre-Production', 'Production'];
export const PURPOSES: readonly Purpose[] = ['Auth', 'Registration'];
export const DEVICE_STATUSES: readonly DeviceStatus[] = ['Ready', 'Busy', 'Not Ready', 'Not Registered'];
export const DEVICE_KINDS: readonly DeviceKind[] = [
  'finger-slap',
  'finger-single',
  'iris-double',
  'iris-single',
  'face',
];

export const FINGERS = [
  'Left IndexFinger',
  'Left MiddleFinger',
  'Left RingFinger',
  'Left LittleFinger',
  'Left Thumb',
  'Right IndexFinger',
  'Right MiddleFinger',
  'Right RingFinger',
  'Right LittleFinger',
  'Right Thumb',
] as const;
export const IRISES = ['Left', 'Right'] as const;
export type Finger = (typeof FINGERS)[number];
export type Iris = (typeof IRISES)[number];
/** A biometric position: a finger, an eye, or the face (also the exception photo). */
export type Position = Finger | Iris | 'Face' | 'ExceptionPhoto';

export interface KindFacts {
  type: BioType;
  deviceSubType: 'Slap' | 'Single' | 'Double' | 'Full face';
  /** Short model name used in the default make/model/serial. */
  model: string;
}

export const KIND_FACTS: Record<DeviceKind, KindFacts> = {
  'finger-slap': { type: 'Finger', deviceSubType: 'Slap', model: 'SLAP01' },
  'finger-single': { type: 'Finger', deviceSubType: 'Single', model: 'SINGLE01' },
  'iris-double': { type: 'Iris', deviceSubType: 'Double', model: 'IRIS01' },
  // A monocular camera (MockMDS's Auth "Iris Single"): one eye per presentation, left or right,
  // deviceSubId 0 for both purposes; two irises are two presentations (docs/device-service.md).
  'iris-single': { type: 'Iris', deviceSubType: 'Single', model: 'IRIS02' },
  face: { type: 'Face', deviceSubType: 'Full face', model: 'FACE01' },
};

/**
 * deviceSubIds a device answers to. Auth devices use 0 only (CTK Auth request schema, MockMDS);
 * registration slap and double-iris devices use 1, 2, 3; single finger, single iris and face use 0.
 */
export function subIdsFor(kind: DeviceKind, purpose: Purpose): string[] {
  if (purpose === 'Auth') return ['0'];
  return kind === 'finger-slap' || kind === 'iris-double' ? ['1', '2', '3'] : ['0'];
}

/** Registration capture: positions per subId in output order (docs/device-service.md, "Device sub-IDs and positions"). */
export function registrationPositions(type: BioType, subId: string): Position[] | undefined {
  if (type === 'Finger') {
    if (subId === '1')
      return ['Left IndexFinger', 'Left MiddleFinger', 'Left RingFinger', 'Left LittleFinger'];
    if (subId === '2')
      return ['Right IndexFinger', 'Right MiddleFinger', 'Right RingFinger', 'Right LittleFinger'];
    if (subId === '3') return ['Left Thumb', 'Right Thumb'];
    if (subId === '0') return [...FINGERS];
    return undefined;
  }
  if (type === 'Iris') {
    if (subId === '1') return ['Left'];
    if (subId === '2') return ['Right'];
    if (subId === '3' || subId === '0') return ['Left', 'Right'];
    return undefined;
  }
  return subId === '0' ? ['Face'] : undefined;
}

/** Maximum count per type for Auth capture (docs/device-service.md, "Device sub-IDs and positions"). */
export const AUTH_MAX_COUNT: Record<BioType, number> = { Finger: 10, Iris: 2, Face: 1 };

export function isFinger(name: string): name is Finger {
  return (FINGERS as readonly string[]).includes(name);
}
export function isIris(name: string): name is Iris {
  return (IRISES as readonly string[]).includes(name);
}
/** Names valid in bioSubType for a type (UNKNOWN included for finger and iris). */
export function validSubTypeName(type: BioType, name: string): boolean {
  if (type === 'Finger') return name === 'UNKNOWN' || isFinger(name);
  if (type === 'Iris') return name === 'UNKNOWN' || isIris(name);
  return false;
}
