/**
 * Which elements a capture returns, in order (docs/device-service.md, "Which elements a capture returns"),
 * with the bioSubType, exception and count rules. Pure: throws ERR_PROTOCOL with 122, 109 or 708.
 */
import { protocolError } from '../errors.ts';
import {
  AUTH_MAX_COUNT,
  type BioType,
  FINGERS,
  IRISES,
  isFinger,
  isIris,
  type Position,
  registrationPositions,
  validSubTypeName,
} from '../wire/model.ts';
import type { BioRequest } from '../wire/request.ts';

export interface PlannedElement {
  /** The position actually captured (which finger/eye is rendered). */
  position: Position;
  /** bioSubType emitted in data; undefined for face (key omitted). */
  label: string | undefined;
}

function namedSubTypes(bio: BioRequest): string[] {
  return (bio.bioSubType ?? []).filter((s): s is string => s !== null && s !== 'null' && s !== '');
}

/**
 * What clients send as a face's bioSubType besides nothing: MOSIP's mock device accepts "UNKNOWN" and
 * "Full face" (the digital ID's deviceSubType); the response still carries no bioSubType for a face.
 */
const FACE_SUBTYPES: ReadonlySet<string> = new Set(['UNKNOWN', 'Full face']);

/** Auth capture: exactly `count` elements in request order; UNKNOWN takes a position not yet returned. */
export function planAuthCapture(type: BioType, bio: BioRequest): PlannedElement[] {
  if (type === 'Face') {
    const named = namedSubTypes(bio);
    if (named.length > 1 || named.some((n) => !FACE_SUBTYPES.has(n)))
      throw protocolError('122', 'a face bioSubType is absent, null, [], ["UNKNOWN"] or ["Full face"]');
    if (bio.count !== 1) throw protocolError('109');
    return [{ position: 'Face', label: undefined }];
  }
  const names = namedSubTypes(bio);
  if (names.length === 0 || names.length !== (bio.bioSubType ?? []).length)
    throw protocolError('122', 'bioSubType is required for Finger and Iris');
  for (const n of names) if (!validSubTypeName(type, n)) throw protocolError('122');
  const named = names.filter((n) => n !== 'UNKNOWN');
  if (new Set(named).size !== named.length) throw protocolError('122', 'bioSubType names must not repeat');
  if (bio.count !== names.length || bio.count > AUTH_MAX_COUNT[type] || bio.count === 0)
    throw protocolError('109');
  const all: readonly Position[] = type === 'Finger' ? FINGERS : IRISES;
  const free = all.filter((p) => !named.includes(p));
  return names.map((n) => {
    if (n !== 'UNKNOWN') return { position: n as Position, label: n };
    const position = free.shift();
    if (position === undefined) throw protocolError('109');
    return { position, label: 'UNKNOWN' };
  });
}

/** Registration capture: the subId's table minus exceptions, intersected with bioSubType when given. */
export function planRegistrationCapture(type: BioType, bio: BioRequest): PlannedElement[] {
  const table = registrationPositions(type, bio.deviceSubId);
  if (!table) throw protocolError('708');
  if (type === 'Face') {
    if (bio.count !== 1) throw protocolError('109');
    const exceptionPhoto = bio.exception.length > 0;
    return [{ position: exceptionPhoto ? 'ExceptionPhoto' : 'Face', label: undefined }];
  }
  const validName = type === 'Finger' ? isFinger : isIris;
  for (const e of bio.exception) if (!validName(e)) throw protocolError('122', 'invalid exception name');
  const names = namedSubTypes(bio);
  for (const n of names) if (!validSubTypeName(type, n)) throw protocolError('122');
  const filter = names.length > 0 && !names.includes('UNKNOWN') ? new Set(names) : undefined;
  const positions = table.filter((p) => !bio.exception.includes(p) && (!filter || filter.has(p)));
  if (bio.count !== positions.length) throw protocolError('109');
  if (positions.length === 0) throw protocolError('708');
  return positions.map((p) => ({ position: p, label: p }));
}
