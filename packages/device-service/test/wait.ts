/** Waiting for a state instead of sleeping for a time (docs/device-service.md, "Tests"). */
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `condition` until it holds. The bound is not a timing assertion: it only turns a state that
 * never comes into a failure with a message instead of a hang.
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what = 'the expected state',
  boundMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not come within ${boundMs} ms`);
    await sleep(10);
  }
}
