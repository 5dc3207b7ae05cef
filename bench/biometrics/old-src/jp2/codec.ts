/**
 * JPEG 2000 encoding and decoding through OpenJPEG compiled to WebAssembly
 * (@cornerstonejs/codec-openjpeg). The module is instantiated once, lazily, and shared.
 */
import { createRequire } from 'node:module';
import { BiometricsError, BiometricsErrorCode } from '../errors.ts';

interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
  isUsingColorSpace?: boolean;
}
interface WasmEncoder {
  getDecodedBuffer(f: FrameInfo): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  setQuality(lossless: boolean, layers: number): void;
  setCompressionRatio(layer: number, ratio: number): void;
  setDecompositions(n: number): void;
  setProgressionOrder(n: number): void;
  encode(): void;
  delete(): void;
}
interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): FrameInfo;
  getIsReversible(): boolean;
  delete(): void;
}
interface OpenJpegModule {
  J2KEncoder: new () => WasmEncoder;
  J2KDecoder: new () => WasmDecoder;
}

let modulePromise: Promise<OpenJpegModule> | undefined;

/** Loads the WASM codec (once per process). Optional: encode/decode call it themselves. */
export function initCodec(): Promise<OpenJpegModule> {
  if (!modulePromise) {
    const require = createRequire(import.meta.url);
    const factory = require('@cornerstonejs/codec-openjpeg/wasmjs') as (o: object) => Promise<OpenJpegModule>;
    // OpenJPEG's info callbacks print to stdout; keep the process output clean.
    modulePromise = factory({ print: () => {}, printErr: () => {} });
  }
  return modulePromise;
}

export interface EncodeOptions {
  width: number;
  height: number;
  components: 1 | 3;
  /** true: reversible 5/3, no rate limit. false: irreversible 9/7 at `ratio`. */
  lossless: boolean;
  /** Target compression ratio for lossy encoding (e.g. 10 = 10:1). */
  ratio?: number;
  decompositions?: number;
}

/** Encodes interleaved 8-bit pixels to a raw J2K codestream (no SOP/EPH markers, 1 layer, LRCP). */
export async function encodeJ2k(pixels: Uint8Array, o: EncodeOptions): Promise<Buffer> {
  const expected = o.width * o.height * o.components;
  if (pixels.length !== expected) {
    throw new BiometricsError(
      BiometricsErrorCode.BadArgument,
      `pixel buffer has ${pixels.length} bytes, expected ${expected}`,
      {
        field: 'pixels',
        expected,
        actual: pixels.length,
      },
    );
  }
  const m = await initCodec();
  const enc = new m.J2KEncoder();
  try {
    enc
      .getDecodedBuffer({
        width: o.width,
        height: o.height,
        bitsPerSample: 8,
        componentCount: o.components,
        isSigned: false,
      })
      .set(pixels);
    enc.setQuality(o.lossless, 1);
    enc.setCompressionRatio(0, o.lossless ? 0 : (o.ratio ?? 10));
    enc.setProgressionOrder(0);
    enc.setDecompositions(o.decompositions ?? 5);
    enc.encode();
    return Buffer.from(enc.getEncodedBuffer());
  } catch (e) {
    throw new BiometricsError(
      BiometricsErrorCode.CodecFailed,
      `JPEG 2000 encoding failed: ${(e as Error).message ?? String(e)}`,
    );
  } finally {
    enc.delete();
  }
}

export interface DecodedImage {
  width: number;
  height: number;
  components: number;
  bitsPerSample: number;
  /** Reversible (5/3) wavelet, the decoder's notion of lossless. */
  reversible: boolean;
  pixels: Uint8Array;
}

/** Decodes a raw J2K codestream to interleaved pixels. */
export async function decodeJ2k(codestream: Uint8Array): Promise<DecodedImage> {
  const m = await initCodec();
  const dec = new m.J2KDecoder();
  try {
    dec.getEncodedBuffer(codestream.length).set(codestream);
    dec.decode();
    const f = dec.getFrameInfo();
    return {
      width: f.width,
      height: f.height,
      components: f.componentCount,
      bitsPerSample: f.bitsPerSample,
      reversible: dec.getIsReversible(),
      // slice() copies out of WASM memory in one memcpy (Uint8Array.from would iterate).
      pixels: Uint8Array.from(dec.getDecodedBuffer()),
    };
  } catch (e) {
    throw new BiometricsError(
      BiometricsErrorCode.CodecFailed,
      `JPEG 2000 decoding failed: ${(e as Error).message ?? String(e)}`,
    );
  } finally {
    dec.delete();
  }
}
