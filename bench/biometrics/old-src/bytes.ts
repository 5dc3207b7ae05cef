import { BiometricsError, BiometricsErrorCode } from './errors.ts';

/** Bounds-checked big-endian reader; every failure names the field and its offset. */
export class ByteReader {
  pos = 0;
  constructor(
    readonly buf: Uint8Array,
    /** Prefix for error messages, e.g. "finger record". */
    readonly what: string,
  ) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number, field: string): number {
    const at = this.pos;
    if (at + n > this.buf.length) {
      throw new BiometricsError(
        BiometricsErrorCode.Truncated,
        `${this.what}: truncated at "${field}" (offset ${at}): needs ${n} byte(s), ${Math.max(0, this.buf.length - at)} left`,
        {
          field,
          offset: at,
          expected: `${n} byte(s)`,
          actual: `${Math.max(0, this.buf.length - at)} byte(s)`,
        },
      );
    }
    this.pos += n;
    return at;
  }

  u8(field: string): number {
    return this.buf[this.need(1, field)] as number;
  }

  u16(field: string): number {
    const at = this.need(2, field);
    return ((this.buf[at] as number) << 8) | (this.buf[at + 1] as number);
  }

  u24(field: string): number {
    const at = this.need(3, field);
    return (
      ((this.buf[at] as number) << 16) | ((this.buf[at + 1] as number) << 8) | (this.buf[at + 2] as number)
    );
  }

  u32(field: string): number {
    const at = this.need(4, field);
    return (
      (this.buf[at] as number) * 0x1000000 +
      (((this.buf[at + 1] as number) << 16) |
        ((this.buf[at + 2] as number) << 8) |
        (this.buf[at + 3] as number))
    );
  }

  bytes(n: number, field: string): Uint8Array {
    const at = this.need(n, field);
    return this.buf.subarray(at, at + n);
  }
}

/** Big-endian writer into a buffer of known size (lengths are computed before writing). */
export class ByteWriter {
  pos = 0;
  readonly buf: Buffer;
  constructor(size: number) {
    this.buf = Buffer.alloc(size);
  }
  u8(v: number): this {
    this.buf.writeUInt8(v, this.pos);
    this.pos += 1;
    return this;
  }
  u16(v: number): this {
    this.buf.writeUInt16BE(v, this.pos);
    this.pos += 2;
    return this;
  }
  u24(v: number): this {
    this.buf.writeUIntBE(v, this.pos, 3);
    this.pos += 3;
    return this;
  }
  u32(v: number): this {
    this.buf.writeUInt32BE(v, this.pos);
    this.pos += 4;
    return this;
  }
  bytes(b: Uint8Array): this {
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }
}

/** Checks that an encoder input is an integer in range, with a coded error naming the field. */
export function checkInt(value: unknown, min: number, max: number, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new BiometricsError(
      BiometricsErrorCode.BadArgument,
      `${field} must be an integer in ${min}..${max}, got ${String(value)}`,
      { field, expected: `${min}..${max}`, actual: String(value) },
    );
  }
  return value;
}
