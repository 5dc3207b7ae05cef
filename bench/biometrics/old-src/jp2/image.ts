/** Pixels ↔ JP2 file: encode with the purpose's wavelet, wrap in the container, and decode back. */
import { BiometricsError, BiometricsErrorCode } from '../errors.ts';
import type { Image } from '../synth/image.ts';
import { decodeJ2k, encodeJ2k } from './codec.ts';
import { parseJp2, wrapJp2 } from './container.ts';

export interface Jp2EncodeOptions {
  lossless: boolean;
  /** Lossy target ratio (ignored for lossless). */
  ratio?: number;
  /** Writes a res box with this resolution (finger: 500). */
  dpi?: number;
  /** Lossless only: decode and compare every pixel. Default true; makeRecord leaves it to its tests. */
  verify?: boolean;
}

export async function encodeJp2(img: Image, o: Jp2EncodeOptions): Promise<Buffer> {
  const cs = await encodeJ2k(img.pixels, {
    width: img.width,
    height: img.height,
    components: img.components,
    lossless: o.lossless,
    ratio: o.ratio,
  });
  if (o.lossless && o.verify !== false) {
    const back = await decodeJ2k(cs);
    if (!back.reversible || Buffer.compare(Buffer.from(back.pixels), Buffer.from(img.pixels)) !== 0) {
      throw new BiometricsError(
        BiometricsErrorCode.NotLossless,
        'lossless JPEG 2000 did not decode to the source pixels',
      );
    }
  }
  return wrapJp2(cs, { width: img.width, height: img.height, components: img.components, dpi: o.dpi });
}

/** Decodes a JP2 file (container checked) to pixels. */
export async function decodeJp2(jp2: Uint8Array): Promise<Image & { reversible: boolean }> {
  const info = parseJp2(jp2);
  const d = await decodeJ2k(info.codestream);
  if (d.components !== 1 && d.components !== 3) {
    throw new BiometricsError(
      BiometricsErrorCode.BadCodestream,
      `image has ${d.components} components, expected 1 or 3`,
      {
        field: 'components',
        actual: d.components,
      },
    );
  }
  return {
    width: d.width,
    height: d.height,
    components: d.components,
    pixels: d.pixels,
    reversible: d.reversible,
  };
}
