/**
 * The capture loop of a simulated sensor: frames arrive at the device frame rate, each with a quality
 * score per position; capture ends when the average score meets requestedScore (spec: slap = average of
 * the fingers), otherwise the best frame is returned at the timeout. No object presented → failure at
 * the timeout. The first frame is available at once, so a capture whose first frame meets the score
 * does not wait at all. requestedScore 100 never ends a capture early: a saturated metric cannot tell
 * that no better frame will come, so the device keeps the best frame until the timeout (what the
 * CTK's "timeout with user input" cases SBI1049-1057 expect).
 */

export interface FrameSource {
  /** Scores (0–100) of frame `index`, one per position; undefined when no object is presented. */
  frame(index: number): number[] | undefined;
}

export type CaptureOutcome =
  | { kind: 'captured'; scores: number[]; frame: number; frames: number; met: boolean }
  | { kind: 'no-object'; frames: number }
  | { kind: 'aborted'; frames: number };

export interface CaptureLoopOptions {
  source: FrameSource;
  requestedScore: number;
  timeoutMs: number;
  frameIntervalMs: number;
  signal?: AbortSignal;
  /** Called with each frame's scores (for the preview stream). */
  onFrame?: (scores: number[] | undefined, index: number) => void;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function average(scores: number[]): number {
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}

export async function runCaptureLoop(opts: CaptureLoopOptions): Promise<CaptureOutcome> {
  const now = opts.now ?? Date.now;
  const wait = opts.sleep ?? sleep;
  const deadline = now() + opts.timeoutMs;
  let best: { scores: number[]; frame: number } | undefined;
  let index = 0;
  for (;;) {
    if (opts.signal?.aborted) return { kind: 'aborted', frames: index };
    const scores = opts.source.frame(index);
    opts.onFrame?.(scores, index);
    index += 1;
    if (scores && scores.length > 0) {
      if (!best || average(scores) > average(best.scores)) best = { scores, frame: index - 1 };
      if (opts.requestedScore < 100 && average(scores) >= opts.requestedScore)
        return { kind: 'captured', scores, frame: index - 1, frames: index, met: true };
    }
    const remaining = deadline - now();
    if (remaining <= 0) break;
    await wait(Math.min(opts.frameIntervalMs, remaining), opts.signal);
  }
  if (opts.signal?.aborted) return { kind: 'aborted', frames: index };
  return best
    ? { kind: 'captured', scores: best.scores, frame: best.frame, frames: index, met: false }
    : { kind: 'no-object', frames: index };
}
