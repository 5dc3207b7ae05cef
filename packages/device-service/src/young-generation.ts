import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** Each semi-space's largest size under capYoungGeneration; V8's own maximum is 16 MiB. */
export const SEMI_SPACE_CAP_MIB = 4;
/** The young generation's size at the cap (V8's new space is two semi-spaces), in bytes. */
export const YOUNG_GENERATION_CAP_BYTES = 2 * SEMI_SPACE_CAP_MIB * 1024 * 1024;

const newSpaceBytes = () =>
  getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;

/**
 * Stops V8's young generation from growing beyond semi-spaces of SEMI_SPACE_CAP_MIB in a process whose
 * main job is the device service; call it first, before the service is loaded.
 *
 * Why: node:net's handle wrappers keep every connection's socket objects alive through the next scavenge
 * (a bare node:net server shows the same), so a scavenge copies every connection accepted since the one
 * before. Under a connection per request V8 grows the semi-spaces to 16 MiB, and each scavenge then copies
 * ~1 MiB and stops the service for 2 to 4 ms while the clients' requests wait: that was the slowest
 * percent of discovery and device info with 8 clients. Semi-spaces of 1 MiB cut those pauses to ~0.4 ms
 * but made a Registration capture (~2 MiB of response built per capture) 12 % dearer; 4 MiB keeps the
 * short pauses and the capture's cost (docs/performance.md, "Round 8").
 *
 * V8 has no run-time setting for the semi-spaces' maximum, but it reads the growth factor at each growth
 * (and raises a command-line value below 2 to 2 when it sets up the heap): the factor becomes 1, no more
 * growth, once the young generation has reached the cap, checked after every garbage collection.
 */
export function capYoungGeneration(): void {
  const stopGrowing = () => setFlagsFromString('--semi-space-growth-factor=1');
  if (newSpaceBytes() >= YOUNG_GENERATION_CAP_BYTES) {
    stopGrowing();
    return;
  }
  const observer = new PerformanceObserver(() => {
    if (newSpaceBytes() < YOUNG_GENERATION_CAP_BYTES) return;
    stopGrowing();
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}
