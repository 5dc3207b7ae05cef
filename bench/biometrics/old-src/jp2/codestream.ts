/** Reads the JPEG 2000 main header fields an independent checker needs (ISO/IEC 15444-1 Annex A). */
import { ByteReader } from '../bytes.ts';
import { BiometricsError, BiometricsErrorCode } from '../errors.ts';

export interface CodestreamInfo {
  width: number;
  height: number;
  components: number;
  /** Precision of component 0 in bits. */
  precision: number;
  signed: boolean;
  progressionOrder: number;
  layers: number;
  mct: number;
  decompositionLevels: number;
  /** COD transformation: true = 5/3 reversible (what MOSIP calls lossless, qmfbid 1). */
  reversible: boolean;
  /** Quantisation style from QCD: 0 none, 1 scalar derived, 2 scalar expounded. */
  quantisationStyle: number;
  sopMarkers: boolean;
  ephMarkers: boolean;
}

const fail = (
  message: string,
  field: string,
  offset: number,
  expected?: string | number,
  actual?: string | number,
) =>
  new BiometricsError(BiometricsErrorCode.BadCodestream, `J2K codestream: ${message}`, {
    field,
    offset,
    expected,
    actual,
  });

export function parseCodestream(cs: Uint8Array): CodestreamInfo {
  const r = new ByteReader(cs, 'J2K codestream');
  const soc = r.u16('SOC marker');
  if (soc !== 0xff4f) throw fail('does not start with SOC (FF4F)', 'SOC', 0, 'ff4f', soc.toString(16));
  let siz: Pick<CodestreamInfo, 'width' | 'height' | 'components' | 'precision' | 'signed'> | undefined;
  let cod:
    | Pick<
        CodestreamInfo,
        | 'progressionOrder'
        | 'layers'
        | 'mct'
        | 'decompositionLevels'
        | 'reversible'
        | 'sopMarkers'
        | 'ephMarkers'
      >
    | undefined;
  let quantisationStyle: number | undefined;
  for (;;) {
    const at = r.pos;
    const marker = r.u16('marker');
    if ((marker & 0xff00) !== 0xff00)
      throw fail(`expected a marker at offset ${at}`, 'marker', at, 'ffxx', marker.toString(16));
    if (marker === 0xff90 || marker === 0xff93 || marker === 0xffd9) break; // SOT / SOD / EOC ends the main header
    const length = r.u16('marker segment length');
    if (length < 2)
      throw fail(
        `marker ${marker.toString(16)} has length ${length}`,
        'marker segment length',
        at + 2,
        '>= 2',
        length,
      );
    const seg = new ByteReader(
      r.bytes(length - 2, `marker ${marker.toString(16)} segment`),
      'J2K marker segment',
    );
    if (marker === 0xff51) {
      seg.u16('Rsiz');
      const xsiz = seg.u32('Xsiz');
      const ysiz = seg.u32('Ysiz');
      const xo = seg.u32('XOsiz');
      const yo = seg.u32('YOsiz');
      seg.bytes(16, 'tile size and offset');
      const components = seg.u16('Csiz');
      const ssiz = seg.u8('Ssiz');
      siz = {
        width: xsiz - xo,
        height: ysiz - yo,
        components,
        precision: (ssiz & 0x7f) + 1,
        signed: (ssiz & 0x80) !== 0,
      };
    } else if (marker === 0xff52) {
      const scod = seg.u8('Scod');
      const progressionOrder = seg.u8('progression order');
      const layers = seg.u16('layers');
      const mct = seg.u8('MCT');
      const decompositionLevels = seg.u8('decomposition levels');
      seg.bytes(3, 'code-block size and style');
      const transform = seg.u8('transformation');
      cod = {
        progressionOrder,
        layers,
        mct,
        decompositionLevels,
        reversible: transform === 1,
        sopMarkers: (scod & 0x02) !== 0,
        ephMarkers: (scod & 0x04) !== 0,
      };
    } else if (marker === 0xff5c) {
      quantisationStyle = seg.u8('Sqcd') & 0x1f;
    }
  }
  if (!siz) throw fail('no SIZ marker segment', 'SIZ', 2);
  if (!cod) throw fail('no COD marker segment', 'COD', 2);
  if (quantisationStyle === undefined) throw fail('no QCD marker segment', 'QCD', 2);
  return { ...siz, ...cod, quantisationStyle };
}
