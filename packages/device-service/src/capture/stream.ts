/**
 * STREAM: an M-JPEG preview (multipart/x-mixed-replace) at the device frame rate (>= 3 fps) with the
 * frame's quality score and a segment box per position drawn on every frame (sharp composites an SVG
 * overlay). Registration devices only; ends at the timeout, when the client goes away, or when an
 * RCAPTURE on the same device completes (no frames are written while it runs).
 */
import { randomBytes } from 'node:crypto';
import { type FrameVariant, simulatedFrames, variantsOf } from '../control/control.ts';
import type { Activity, Device } from '../device.ts';
import type { MdsStreamSink } from '../http/index.ts';
import { formatScore } from '../wire/json.ts';
import { registrationPositions } from '../wire/model.ts';
import { sleep } from './capture-loop.ts';
import type { PreparedSample, RecordSource } from './record-source.ts';

/** sharp (libvips) is loaded by the first stream, not by every start of the service. */
const loadSharp = async () => (await import('sharp')).default;

const FRAME_WIDTH = 320;
const FRAME_HEIGHT = 240;

async function baseFrame(samples: PreparedSample[]): Promise<Buffer> {
  const sharp = await loadSharp();
  const tileWidth = Math.floor(FRAME_WIDTH / Math.max(1, samples.length));
  const tiles = await Promise.all(
    samples.map(async (s, i) => ({
      input: await sharp(Buffer.from(s.preview.data), {
        raw: { width: s.preview.width, height: s.preview.height, channels: s.preview.channels },
      })
        .resize(tileWidth, FRAME_HEIGHT - 40, { fit: 'contain', background: '#000' })
        .toColourspace('srgb')
        .png()
        .toBuffer(),
      left: i * tileWidth,
      top: 0,
    })),
  );
  return sharp({ create: { width: FRAME_WIDTH, height: FRAME_HEIGHT, channels: 3, background: '#000' } })
    .composite(tiles)
    .png()
    .toBuffer();
}

function overlay(scores: number[] | undefined, requested: number, count: number): Buffer {
  const tileWidth = Math.floor(FRAME_WIDTH / Math.max(1, count));
  const avg = scores?.length ? scores.reduce((a, b) => a + b, 0) / scores.length : undefined;
  const colour = avg === undefined ? '#888' : avg >= requested ? '#2ecc40' : '#ffdc00';
  const boxes = scores
    ? scores
        .map(
          (s, i) =>
            `<rect x="${i * tileWidth + 3}" y="3" width="${tileWidth - 6}" height="${FRAME_HEIGHT - 46}" fill="none" stroke="${s >= requested ? '#2ecc40' : '#ffdc00'}" stroke-width="2"/>`,
        )
        .join('')
    : '';
  const label = avg === undefined ? 'No object detected' : `Quality ${formatScore(avg)}`;
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${FRAME_WIDTH}" height="${FRAME_HEIGHT}">${boxes}<rect x="0" y="${FRAME_HEIGHT - 40}" width="${FRAME_WIDTH}" height="40" fill="#000"/><text x="8" y="${FRAME_HEIGHT - 14}" font-family="sans-serif" font-size="20" fill="${colour}">${label}</text></svg>`,
  );
}

export interface StreamOptions {
  device: Device;
  activity: Activity;
  records: RecordSource;
  sink: MdsStreamSink;
  timeoutMs: number;
  frameIntervalMs: number;
  /** Score the overlay compares against (the registration client's default threshold). */
  requestedScore?: number;
}

/** Writes frames until the timeout, the client leaves, or a capture takes the device over. */
export async function runStream(o: StreamOptions): Promise<void> {
  const { device, activity, sink } = o;
  const positions = registrationPositions(device.type, activity.subId) ?? [];
  const mode = device.control.quality;
  const prepared = new Map<FrameVariant, PreparedSample[]>();
  for (const v of variantsOf(mode)) {
    prepared.set(
      v,
      await Promise.all(
        positions.map((p) =>
          o.records.prepare({
            person: device.control.person,
            position: p,
            label: p === 'Face' ? undefined : p,
            purpose: device.purpose,
            variant: v,
          }),
        ),
      ),
    );
  }
  const shown = prepared.get('clean') ?? [...prepared.values()][0] ?? [];
  const sharp = await loadSharp();
  const base = await baseFrame(shown);
  const frames = simulatedFrames(
    Object.fromEntries([...prepared].map(([v, s]) => [v, s.map((x) => x.quality)])),
    mode,
  );
  const boundary = `mosip-${randomBytes(8).toString('hex')}`;
  sink.start({
    'Content-Type': `multipart/x-mixed-replace; boundary=${boundary}`,
    'Cache-Control': 'no-store',
  });
  const deadline = Date.now() + o.timeoutMs;
  const stop = AbortSignal.any([activity.abort.signal, sink.signal]);
  for (let index = 0; !stop.aborted && !sink.closed && Date.now() < deadline; index += 1) {
    const started = Date.now();
    if (!activity.pausedByCapture) {
      const jpeg = await sharp(base)
        .composite([{ input: overlay(frames.frame(index), o.requestedScore ?? 40, positions.length) }])
        .jpeg({ quality: 80 })
        .toBuffer();
      const head = Buffer.from(
        `--${boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`,
        'latin1',
      );
      if (!sink.write(Buffer.concat([head, jpeg, Buffer.from('\r\n')]))) await sink.drain();
    }
    await sleep(Math.min(o.frameIntervalMs - (Date.now() - started), deadline - Date.now()), stop);
  }
  sink.end();
}
