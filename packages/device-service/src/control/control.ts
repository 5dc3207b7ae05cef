/** Test-control settings of a device (set through the admin API) and the frame simulation they drive. */
import type { FrameSource } from '../capture/capture-loop.ts';
import { DeviceServiceError, isMdsCode, type MdsCode } from '../errors.ts';
import { DEVICE_STATUSES, type DeviceStatus } from '../wire/model.ts';

/** How the simulated subject presents: at once, settling over a few frames, poorly, or not at all. */
export type QualityVariant = 'good' | 'settling' | 'poor' | 'no-object';
export const QUALITY_VARIANTS: readonly QualityVariant[] = ['good', 'settling', 'poor', 'no-object'];
export type ControlledMethod = 'MOSIPDISC' | 'MOSIPDINFO' | 'CAPTURE' | 'RCAPTURE' | 'STREAM';
export const CONTROLLED_METHODS: readonly ControlledMethod[] = [
  'MOSIPDISC',
  'MOSIPDINFO',
  'CAPTURE',
  'RCAPTURE',
  'STREAM',
];

export interface DeviceControl {
  /** Status forced by the operator (e.g. "Not Ready"); undefined = the device's real status. */
  forcedStatus: DeviceStatus | undefined;
  /** Seed of the simulated person whose biometrics are captured. */
  person: string;
  quality: QualityVariant;
  /** Extra delay in ms before answering a method. */
  delays: Partial<Record<ControlledMethod, number>>;
  /** MDS error code the next captures fail with (a simulated hardware fault), undefined for none. */
  fault: MdsCode | undefined;
}

export function defaultControl(): DeviceControl {
  return { forcedStatus: undefined, person: 'person-1', quality: 'good', delays: {}, fault: undefined };
}

/** Validates and applies a partial update from the admin API. */
export function applyControl(control: DeviceControl, update: Record<string, unknown>): void {
  for (const key of Object.keys(update)) {
    if (!['status', 'person', 'quality', 'delays', 'fault'].includes(key))
      throw new DeviceServiceError('ERR_ADMIN', `unknown setting "${key}"`);
  }
  if ('status' in update) {
    const s = update.status;
    if (s !== null && !(DEVICE_STATUSES as readonly unknown[]).includes(s))
      throw new DeviceServiceError(
        'ERR_ADMIN',
        `status must be one of ${DEVICE_STATUSES.join(', ')} or null`,
      );
    control.forcedStatus = (s ?? undefined) as DeviceStatus | undefined;
  }
  if ('person' in update) {
    const p = update.person;
    if (typeof p !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(p))
      throw new DeviceServiceError('ERR_ADMIN', 'person must be 1-64 characters [A-Za-z0-9._-]');
    control.person = p;
  }
  if ('quality' in update) {
    const q = update.quality;
    if (!(QUALITY_VARIANTS as readonly unknown[]).includes(q))
      throw new DeviceServiceError('ERR_ADMIN', `quality must be one of ${QUALITY_VARIANTS.join(', ')}`);
    control.quality = q as QualityVariant;
  }
  if ('delays' in update) {
    const d = update.delays;
    if (d === null || typeof d !== 'object' || Array.isArray(d))
      throw new DeviceServiceError('ERR_ADMIN', 'delays must be an object {METHOD: ms}');
    const next: DeviceControl['delays'] = {};
    for (const [m, ms] of Object.entries(d)) {
      if (!(CONTROLLED_METHODS as readonly string[]).includes(m))
        throw new DeviceServiceError('ERR_ADMIN', `delays: unknown method ${m}`);
      if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > 600_000)
        throw new DeviceServiceError('ERR_ADMIN', 'delays: ms must be an integer 0..600000');
      next[m as ControlledMethod] = ms;
    }
    control.delays = next;
  }
  if ('fault' in update) {
    const f = update.fault;
    if (f !== null && (!isMdsCode(f) || !/^[1-9][0-9]{2}$/.test(f)))
      throw new DeviceServiceError('ERR_ADMIN', 'fault must be a three-digit MDS error code or null');
    control.fault = f ?? undefined;
  }
}

/** The biometrics package's image variants a frame can show. */
export type FrameVariant = 'clean' | 'partial' | 'degraded';

/**
 * What frame `index` shows: a subject presenting well (clean), settling (partial placement for three
 * frames, then clean), poorly (degraded) or not at all (undefined).
 */
export function frameVariant(mode: QualityVariant, index: number): FrameVariant | undefined {
  switch (mode) {
    case 'good':
      return 'clean';
    case 'settling':
      return index < 3 ? 'partial' : 'clean';
    case 'poor':
      return 'degraded';
    case 'no-object':
      return undefined;
  }
}

/** Variants a capture in this mode may need. */
export function variantsOf(mode: QualityVariant): FrameVariant[] {
  return mode === 'settling'
    ? ['partial', 'clean']
    : mode === 'no-object'
      ? []
      : [frameVariant(mode, 0) as FrameVariant];
}

/** Frames whose scores are the measured qualities of the images each frame shows. */
export function simulatedFrames(
  qualities: Partial<Record<FrameVariant, number[]>>,
  mode: QualityVariant,
): FrameSource {
  return {
    frame(index) {
      const v = frameVariant(mode, index);
      return v === undefined ? undefined : qualities[v];
    },
  };
}
