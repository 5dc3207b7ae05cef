/** MDS bioSubType names ↔ ISO position codes (bio-utils FingerEncoder.getFingerPosition, IrisEncoder.getEyeLabel). */
import { BiometricsError, BiometricsErrorCode } from '../errors.ts';
import type { Modality } from './common.ts';

export const FINGER_POSITIONS = {
  'Right Thumb': 0x01,
  'Right IndexFinger': 0x02,
  'Right MiddleFinger': 0x03,
  'Right RingFinger': 0x04,
  'Right LittleFinger': 0x05,
  'Left Thumb': 0x06,
  'Left IndexFinger': 0x07,
  'Left MiddleFinger': 0x08,
  'Left RingFinger': 0x09,
  'Left LittleFinger': 0x0a,
  UNKNOWN: 0x00,
} as const;

/** Right = 1, Left = 2 (note the order). */
export const EYE_LABELS = { Right: 0x01, Left: 0x02, UNKNOWN: 0x00 } as const;

export type FingerSubType = keyof typeof FINGER_POSITIONS;
export type IrisSubType = keyof typeof EYE_LABELS;
export type BioSubType = FingerSubType | IrisSubType;

/** The ten finger names in ISO position order (1–10). */
export const TEN_FINGERS = Object.keys(FINGER_POSITIONS).filter((k) => k !== 'UNKNOWN') as Exclude<
  FingerSubType,
  'UNKNOWN'
>[];

/** ISO position code for a bioSubType; face has none (returns 0). Unknown names are an error. */
export function positionCode(modality: Modality, bioSubType: string | undefined): number {
  if (modality === 'face') {
    if (bioSubType !== undefined && bioSubType !== '') {
      throw new BiometricsError(
        BiometricsErrorCode.BadPosition,
        `face has no bioSubType, got "${bioSubType}"`,
        {
          field: 'bioSubType',
          expected: 'none',
          actual: bioSubType,
        },
      );
    }
    return 0;
  }
  const table: Record<string, number> = modality === 'finger' ? FINGER_POSITIONS : EYE_LABELS;
  const code = bioSubType === undefined ? undefined : table[bioSubType];
  if (code === undefined) {
    throw new BiometricsError(
      BiometricsErrorCode.BadPosition,
      `unknown ${modality} bioSubType "${String(bioSubType)}"; expected one of: ${Object.keys(table).join(', ')}`,
      { field: 'bioSubType', expected: Object.keys(table).join(' | '), actual: String(bioSubType) },
    );
  }
  return code;
}

/** bioSubType name for an ISO position code, or undefined when MOSIP's mapping has none. */
export function positionName(modality: Modality, code: number): string | undefined {
  if (modality === 'face') return undefined;
  const table: Record<string, number> = modality === 'finger' ? FINGER_POSITIONS : EYE_LABELS;
  return Object.keys(table).find((k) => table[k] === code);
}
