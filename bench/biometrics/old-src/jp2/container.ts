/**
 * JP2 file format (ISO/IEC 15444-1 Annex I) as MOSIP's files lay it out:
 * signature ‖ ftyp ‖ jp2h(ihdr ‖ colr [‖ res (resc)]) ‖ jp2c(codestream).
 * The WASM encoder emits a raw codestream; MOSIP's isJP2000 rejects anything but this container.
 */
import { ByteReader, ByteWriter } from '../bytes.ts';
import { BiometricsError, BiometricsErrorCode } from '../errors.ts';

export const JP2_SIGNATURE = Uint8Array.of(
  0x00,
  0x00,
  0x00,
  0x0c,
  0x6a,
  0x50,
  0x20,
  0x20,
  0x0d,
  0x0a,
  0x87,
  0x0a,
);
export const J2K_SOC_SIZ = Uint8Array.of(0xff, 0x4f, 0xff, 0x51);
export const EnumCS = { sRGB: 16, Greyscale: 17 } as const;

export interface Jp2Info {
  width: number;
  height: number;
  components: number;
  /** Bits per component from ihdr (BPC + 1). */
  bitsPerComponent: number;
  /** colr EnumCS: 16 sRGB, 17 greyscale. */
  enumCs: number;
  /** DPI exactly as MOSIP's imagedecoder reads it (0 when no single resc/resd box directly follows colr). */
  dpi: number;
  codestream: Uint8Array;
  /** Offset of the codestream within the JP2 file. */
  codestreamOffset: number;
}

const box = (type: string, payload: Uint8Array): Buffer => {
  const w = new ByteWriter(8 + payload.length);
  w.u32(8 + payload.length)
    .bytes(Buffer.from(type, 'latin1'))
    .bytes(payload);
  return w.buf;
};

/** Pixels per metre for a DPI, as a resc numerator with denominator 1 and exponent 0. */
export function dpiToPpm(dpi: number): number {
  return Math.round(dpi / 0.0254);
}

export function wrapJp2(
  codestream: Uint8Array,
  o: { width: number; height: number; components: 1 | 3; dpi?: number },
): Buffer {
  const ihdr = new ByteWriter(14);
  ihdr.u32(o.height).u32(o.width).u16(o.components).u8(7).u8(7).u8(0).u8(0);
  const colr = new ByteWriter(7);
  colr
    .u8(1)
    .u8(0)
    .u8(0)
    .u32(o.components === 3 ? EnumCS.sRGB : EnumCS.Greyscale);
  const parts = [box('ihdr', ihdr.buf), box('colr', colr.buf)];
  if (o.dpi !== undefined) {
    const ppm = dpiToPpm(o.dpi);
    const resc = new ByteWriter(10);
    resc.u16(ppm).u16(1).u16(ppm).u16(1).u8(0).u8(0);
    parts.push(box('res ', box('resc', resc.buf)));
  }
  const ftyp = Buffer.from([0x6a, 0x70, 0x32, 0x20, 0, 0, 0, 0, 0x6a, 0x70, 0x32, 0x20]);
  return Buffer.concat([
    JP2_SIGNATURE,
    box('ftyp', ftyp),
    box('jp2h', Buffer.concat(parts)),
    box('jp2c', codestream),
  ]);
}

export function isJp2(image: Uint8Array): boolean {
  return image.length >= 12 && JP2_SIGNATURE.every((b, i) => image[i] === b);
}

function jp2Error(
  message: string,
  field: string,
  offset: number,
  expected?: string | number,
  actual?: string | number,
): BiometricsError {
  return new BiometricsError(BiometricsErrorCode.BadJp2, `JP2: ${message}`, {
    field,
    offset,
    expected,
    actual,
  });
}

interface Box {
  type: string;
  start: number;
  payloadStart: number;
  end: number;
}

function readBoxes(buf: Uint8Array, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  const r = new ByteReader(buf.subarray(0, end), 'JP2');
  r.pos = start;
  while (r.pos < end) {
    const at = r.pos;
    let length = r.u32('box length');
    const type = Buffer.from(r.bytes(4, 'box type')).toString('latin1');
    let payloadStart = at + 8;
    if (length === 1) {
      const hi = r.u32('box extended length');
      length = hi * 2 ** 32 + r.u32('box extended length');
      payloadStart = at + 16;
    } else if (length === 0) {
      length = end - at;
    }
    if (length < payloadStart - at || at + length > end) {
      throw jp2Error(
        `box "${type}" at offset ${at} has length ${length}, ${end - at} bytes remain`,
        'box length',
        at,
        `<= ${end - at}`,
        length,
      );
    }
    boxes.push({ type, start: at, payloadStart, end: at + length });
    r.pos = at + length;
  }
  return boxes;
}

/** Parses the JP2 boxes MOSIP reads; rejects a raw codestream or a container without ihdr/colr/jp2c. */
export function parseJp2(image: Uint8Array): Jp2Info {
  if (!isJp2(image)) {
    const raw = J2K_SOC_SIZ.every((b, i) => image[i] === b);
    throw jp2Error(
      raw ? 'image is a raw J2K codestream, MOSIP requires the JP2 container' : 'missing JP2 signature box',
      'JP2 signature',
      0,
      Buffer.from(JP2_SIGNATURE).toString('hex'),
      Buffer.from(image.subarray(0, 12)).toString('hex'),
    );
  }
  const top = readBoxes(image, 12, image.length);
  const jp2h = top.find((b) => b.type === 'jp2h');
  const jp2c = top.find((b) => b.type === 'jp2c');
  if (top[0]?.type !== 'ftyp')
    throw jp2Error('first box after the signature must be ftyp', 'ftyp', 12, 'ftyp', top[0]?.type);
  if (!jp2h) throw jp2Error('no jp2h header box', 'jp2h', 12);
  if (!jp2c) throw jp2Error('no jp2c codestream box', 'jp2c', 12);
  const inner = readBoxes(image, jp2h.payloadStart, jp2h.end);
  const ihdr = inner[0];
  if (ihdr?.type !== 'ihdr' || ihdr.end - ihdr.payloadStart !== 14) {
    throw jp2Error('jp2h must start with a 22-byte ihdr box', 'ihdr', jp2h.payloadStart, 'ihdr', ihdr?.type);
  }
  const r = new ByteReader(image, 'JP2');
  r.pos = ihdr.payloadStart;
  const height = r.u32('ihdr height');
  const width = r.u32('ihdr width');
  const components = r.u16('ihdr components');
  const bpc = r.u8('ihdr bits per component');
  const colrIndex = inner.findIndex((b) => b.type === 'colr');
  const colr = inner[colrIndex];
  if (!colr) throw jp2Error('no colr box in jp2h', 'colr', jp2h.payloadStart);
  r.pos = colr.payloadStart;
  const method = r.u8('colr method');
  r.u8('colr precedence');
  r.u8('colr approximation');
  const enumCs = method === 1 ? r.u32('colr EnumCS') : 0;
  return {
    width,
    height,
    components,
    bitsPerComponent: (bpc & 0x7f) + 1,
    enumCs,
    dpi: mosipDpi(image, inner[colrIndex + 1]),
    codestream: image.subarray(jp2c.payloadStart, jp2c.end),
    codestreamOffset: jp2c.payloadStart,
  };
}

/** MOSIP reads DPI only from a 26-byte res box right after colr holding one resc or resd box. */
function mosipDpi(image: Uint8Array, res: Box | undefined): number {
  if (res?.type !== 'res ' || res.end - res.start !== 26) return 0;
  const sub = readBoxes(image, res.payloadStart, res.end);
  const only = sub[0];
  if (sub.length !== 1 || !only || (only.type !== 'resc' && only.type !== 'resd')) return 0;
  const r = new ByteReader(image, 'JP2');
  r.pos = only.payloadStart;
  const vn = r.u16('res VR_N');
  const vd = r.u16('res VR_D');
  r.u16('res HR_N');
  r.u16('res HR_D');
  const ve = (r.u8('res VR_E') << 24) >> 24;
  if (vd === 0) return 0;
  return Math.ceil(Math.round((vn / vd) * 10 ** ve) / 39.37007874);
}
