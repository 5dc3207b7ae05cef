/** Grey or RGB 8-bit image with interleaved samples, and the small filters the synthesisers share. */
export interface Image {
  width: number;
  height: number;
  /** 1 = 8-bit grey, 3 = interleaved 8-bit RGB. */
  components: 1 | 3;
  pixels: Uint8Array;
}

/** Separable box blur of a grey plane, radius r (used for smudging and soft masks). */
export function boxBlur(src: Float32Array, width: number, height: number, r: number): Float32Array {
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  const n = 2 * r + 1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let acc = 0;
    for (let x = -r; x <= r; x++) acc += src[row + Math.min(width - 1, Math.max(0, x))] as number;
    for (let x = 0; x < width; x++) {
      tmp[row + x] = acc / n;
      acc +=
        (src[row + Math.min(width - 1, x + r + 1)] as number) - (src[row + Math.max(0, x - r)] as number);
    }
  }
  for (let x = 0; x < width; x++) {
    let acc = 0;
    for (let y = -r; y <= r; y++) acc += tmp[Math.min(height - 1, Math.max(0, y)) * width + x] as number;
    for (let y = 0; y < height; y++) {
      out[y * width + x] = acc / n;
      acc +=
        (tmp[Math.min(height - 1, y + r + 1) * width + x] as number) -
        (tmp[Math.max(0, y - r) * width + x] as number);
    }
  }
  return out;
}

/** Grey plane of an image as floats (RGB → luma, Rec. 601). */
export function lumaPlane(img: Image): Float32Array {
  const n = img.width * img.height;
  const out = new Float32Array(n);
  const p = img.pixels;
  if (img.components === 1) {
    for (let i = 0; i < n; i++) out[i] = p[i] as number;
  } else {
    for (let i = 0, j = 0; i < n; i++, j += 3) {
      out[i] = 0.299 * (p[j] as number) + 0.587 * (p[j + 1] as number) + 0.114 * (p[j + 2] as number);
    }
  }
  return out;
}
