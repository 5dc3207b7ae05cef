/**
 * The CBEFF BIR model MOSIP's registration client writes into packets and its processor reads
 * (docs/biometrics.md, CBEFF; schema bio-utils `mosip-cbeff.xsd`, element order from JAXB `propOrder`).
 */

/** Namespace of every CBEFF element (ISO/IEC 19785-3 ed. 2, as mosip-cbeff.xsd declares it). */
export const CBEFF_NAMESPACE = 'http://standards.iso.org/iso-iec/19785/-3/ed-2/';

export type CbeffType = 'Finger' | 'Iris' | 'Face' | 'ExceptionPhoto';
export type CbeffPurpose = 'Verify' | 'Identify' | 'Enroll' | 'EnrollVerify' | 'EnrollIdentify' | 'Audit';
export type CbeffLevel = 'Raw' | 'Intermediate' | 'Processed';

export const CBEFF_TYPES: readonly CbeffType[] = ['Finger', 'Iris', 'Face', 'ExceptionPhoto'];
export const CBEFF_PURPOSES: readonly CbeffPurpose[] = [
  'Verify',
  'Identify',
  'Enroll',
  'EnrollVerify',
  'EnrollIdentify',
  'Audit',
];
export const CBEFF_LEVELS: readonly CbeffLevel[] = ['Raw', 'Intermediate', 'Processed'];
/** Subtype list items (`SingleAnySubtypeType` ∪ `SingleVeinOnlySubtypeType`). */
export const CBEFF_SUBTYPE_WORDS: readonly string[] = [
  'Left',
  'Right',
  'Thumb',
  'IndexFinger',
  'MiddleFinger',
  'RingFinger',
  'LittleFinger',
  'LeftVein',
  'RightVein',
  'Palm',
  'BackOfHand',
  'Wrist',
  'Reserved1',
  'Reserved2',
];

/** BDB format type per biometric type (`CbeffConstant.FORMAT_TYPE_*`; the exception photo is a face image). */
export const CBEFF_FORMAT_TYPE: Record<CbeffType, number> = {
  Finger: 7,
  Iris: 9,
  Face: 8,
  ExceptionPhoto: 8,
};
/** `PacketManagerConstants.CBEFF_DEFAULT_FORMAT_ORG` (older samples carry 257, ISO/IEC JTC 1 SC 37). */
export const CBEFF_DEFAULT_FORMAT_ORG = 'Mosip';
/** MOSIP's quality-algorithm placeholders (`CBEFF_DEFAULT_ALG_ORG` / `CBEFF_DEFAULT_ALG_TYPE`). */
export const CBEFF_DEFAULT_QUALITY_ALGORITHM = { organization: 'HMAC', type: 'SHA-256' } as const;
/** What the registration client puts in PAYLOAD instead of the bioValue string, quotes included. */
export const BIOVALUE_PLACEHOLDER = '"<bioValue>"';

export interface RegistryId {
  organization: string;
  type: string;
}

/** One biometric to wrap in a BIR (what `BIRBuilder.buildBIR` takes from a capture). */
export interface BirInput {
  type: CbeffType;
  /**
   * MDS bioSubType, written as the Subtype list: "Left IndexFinger", "Right Thumb", "Left"/"Right"
   * for iris; none (an empty Subtype) for Face and ExceptionPhoto.
   */
  subtype?: string;
  /** The ISO 19794 record. Omitted or empty for an exception (a missing biometric). */
  bdb?: Uint8Array;
  /** MDS qualityScore 0–100; written as an integer (truncated like Java's `(long)` cast). */
  quality: number;
  /** Default `Enroll` (registration); `Identify` for SDK quality checks, `Verify` for auth. */
  purpose?: CbeffPurpose;
  /** Default `Raw` (device captures). */
  level?: CbeffLevel;
  /** BDBInfo/Index UUID; default a random UUID. */
  index?: string;
  /** BDBInfo/CreationDate; default the `creationDate` option or now. Written as a UTC instant. */
  creationDate?: Date;
  /** The device's detached JWS (`header..signature`), written as base64 of its UTF-8 bytes. */
  sb?: string | Uint8Array;
  /** `others` entries in order; default `mosipOthers({ exception: bdb is empty })`. */
  others?: readonly (readonly [string, string])[];
}

export interface CbeffBuildOptions {
  /** Format/Organization: `Mosip` (default, current builders) or `257` (older samples). */
  formatOrganization?: string;
  /** CreationDate for BIRs that give none (default now). */
  creationDate?: Date;
  /** Indentation per level (default 4 spaces, as JAXB's formatted output); '' writes one line. */
  indent?: string;
}

/** A biometric BIR as parsed from CBEFF XML. */
export interface Bir {
  version: { major: number; minor: number } | undefined;
  cbeffVersion: { major: number; minor: number } | undefined;
  integrity: boolean;
  index: string | undefined;
  format: RegistryId;
  /** The CreationDate text as written (nanosecond fractions are kept here). */
  creationDateText: string;
  creationDate: Date;
  type: CbeffType;
  /** Subtype list items joined by one space ("Left IndexFinger"); '' when empty or absent. */
  subtype: string;
  level: CbeffLevel;
  purpose: CbeffPurpose;
  quality: { algorithm: RegistryId; score: number | undefined; calculationFailed: string | undefined };
  bdb: Buffer;
  sb: Buffer | undefined;
  /** `others` entries in document order. */
  others: [string, string][];
}

export interface MosipOthersOptions {
  /** true when the biometric is missing (marked as an exception); default false. */
  exception?: boolean;
  /** Capture attempts; default 1. */
  retries?: number;
  /** SDK quality score; default 0 (written `0.0`, Java's double to string). */
  sdkScore?: number;
  forceCaptured?: boolean;
  /** The decoded MDS `data` JSON as the device signed it; its bioValue is replaced by the placeholder. */
  payload?: string;
  specVersion?: string;
}

/** Java's `Double.toString` for the plain values the client writes (0 → "0.0", 7.5 → "7.5"). */
function javaDouble(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

/**
 * The six `others` entries of `BIRBuilder.buildBIR`, in its order: EXCEPTION, RETRIES, SDK_SCORE,
 * FORCE_CAPTURED, PAYLOAD, SPEC_VERSION (empty strings when unknown, as the client writes them).
 */
export function mosipOthers(o: MosipOthersOptions = {}): [string, string][] {
  return [
    ['EXCEPTION', String(o.exception ?? false)],
    ['RETRIES', String(o.retries ?? 1)],
    ['SDK_SCORE', javaDouble(o.sdkScore ?? 0)],
    ['FORCE_CAPTURED', String(o.forceCaptured ?? false)],
    ['PAYLOAD', o.payload === undefined ? '' : payloadWithPlaceholder(o.payload)],
    ['SPEC_VERSION', o.specVersion ?? ''],
  ];
}

/**
 * Replaces the bioValue string of an MDS `data` JSON by `"<bioValue>"`, exactly as the registration
 * client does (the value of the first `bioValue` key, quotes included); returns the text unchanged
 * when it has no bioValue.
 */
export function payloadWithPlaceholder(payload: string): string {
  const key = payload.indexOf('bioValue');
  if (key < 0) return payload;
  const start = payload.indexOf('"', key + 'bioValue'.length + 1);
  const end = start < 0 ? -1 : payload.indexOf('"', start + 1);
  if (end < 0) return payload;
  // Java's String.replace replaces every occurrence of the value.
  return payload.split(payload.slice(start, end + 1)).join(BIOVALUE_PLACEHOLDER);
}

/** Subtype words of a bioSubType ("Left IndexFinger" → ["Left", "IndexFinger"]). */
export function subtypeWords(subtype: string): string[] {
  return subtype.split(/[ \t\r\n]+/).filter((w) => w !== '');
}

/** `DateAdapter` / `ISO_INSTANT`: UTC, seconds always, milliseconds only when non-zero. */
export function isoInstant(d: Date): string {
  const s = d.toISOString();
  return d.getUTCMilliseconds() === 0 ? `${s.slice(0, 19)}Z` : s;
}
