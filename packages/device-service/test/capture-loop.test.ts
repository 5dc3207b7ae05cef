import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runCaptureLoop } from '../src/capture/capture-loop.ts';
import { applyControl, defaultControl, simulatedFrames } from '../src/control/control.ts';
import { DeviceServiceError } from '../src/errors.ts';

/** A virtual clock: sleep advances time instead of waiting. */
function clock() {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
    elapsed: () => t,
  };
}

describe('capture loop', { timeout: 30_000 }, () => {
  test('first frame meeting requestedScore returns at once', async () => {
    const c = clock();
    const out = await runCaptureLoop({
      source: simulatedFrames({ clean: [70, 80] }, 'good'),
      requestedScore: 40,
      timeoutMs: 10000,
      frameIntervalMs: 100,
      now: c.now,
      sleep: c.sleep,
    });
    assert.deepEqual(out, { kind: 'captured', scores: [70, 80], frame: 0, frames: 1, met: true });
    assert.equal(c.elapsed(), 0);
  });

  test('settling subject: capture continues until the average meets the target', async () => {
    const c = clock();
    const out = await runCaptureLoop({
      source: simulatedFrames({ partial: [45, 50], clean: [80, 80] }, 'settling'),
      requestedScore: 70,
      timeoutMs: 10000,
      frameIntervalMs: 100,
      now: c.now,
      sleep: c.sleep,
    });
    assert.equal(out.kind, 'captured');
    assert.ok(out.kind === 'captured' && out.met && out.frame === 3);
    assert.deepEqual(out.kind === 'captured' && out.scores, [80, 80]);
    assert.equal(c.elapsed(), 300);
  });

  test('unreachable target: best frame at the timeout, elapsed >= timeout', async () => {
    const c = clock();
    const out = await runCaptureLoop({
      source: simulatedFrames({ partial: [30], clean: [60] }, 'settling'),
      requestedScore: 100,
      timeoutMs: 10000,
      frameIntervalMs: 100,
      now: c.now,
      sleep: c.sleep,
    });
    assert.deepEqual(out.kind === 'captured' && { scores: out.scores, met: out.met }, {
      scores: [60],
      met: false,
    });
    assert.ok(c.elapsed() >= 10000);
  });

  test('no object presented: failure at the timeout', async () => {
    const c = clock();
    const out = await runCaptureLoop({
      source: simulatedFrames({ clean: [60] }, 'no-object'),
      requestedScore: 40,
      timeoutMs: 500,
      frameIntervalMs: 100,
      now: c.now,
      sleep: c.sleep,
    });
    assert.equal(out.kind, 'no-object');
    assert.ok(c.elapsed() >= 500);
  });

  test('abort stops the loop during its sleep (real timers)', async () => {
    const ac = new AbortController();
    const asked: number[] = [];
    const source = simulatedFrames({ clean: [60] }, 'no-object');
    const out = await runCaptureLoop({
      source: {
        frame(index) {
          asked.push(index);
          if (index === 1) ac.abort(); // aborted while the loop waits for the next frame
          return source.frame(index);
        },
      },
      requestedScore: 40,
      timeoutMs: 600_000,
      frameIntervalMs: 100,
      signal: ac.signal,
    });
    assert.equal(out.kind, 'aborted');
    assert.deepEqual(asked, [0, 1], 'no frame after the abort (a 10-minute timeout was not waited for)');
  });
});

describe('device control', { timeout: 30_000 }, () => {
  test('valid settings apply, invalid ones are refused with ERR_ADMIN', () => {
    const c = defaultControl();
    applyControl(c, {
      status: 'Not Ready',
      person: 'p-7',
      quality: 'poor',
      delays: { CAPTURE: 250 },
      fault: '102',
    });
    assert.deepEqual(c, {
      forcedStatus: 'Not Ready',
      person: 'p-7',
      quality: 'poor',
      delays: { CAPTURE: 250 },
      fault: '102',
    });
    applyControl(c, { status: null, fault: null });
    assert.equal(c.forcedStatus, undefined);
    assert.equal(c.fault, undefined);
    for (const bad of [
      { status: 'Sleeping' },
      { person: '../x' },
      { quality: 'great' },
      { delays: { PUT: 1 } },
      { fault: '12' },
      { colour: 'red' },
    ]) {
      assert.throws(
        () => applyControl(c, bad),
        (e: unknown) => e instanceof DeviceServiceError && e.code === 'ERR_ADMIN',
      );
    }
  });
});

describe('requestedScore 100', { timeout: 30_000 }, () => {
  test('a perfect first frame does not end the capture: best frame at the timeout', async () => {
    const c = clock();
    const out = await runCaptureLoop({
      source: simulatedFrames({ clean: [100] }, 'good'),
      requestedScore: 100,
      timeoutMs: 1000,
      frameIntervalMs: 100,
      now: c.now,
      sleep: c.sleep,
    });
    assert.equal(out.kind === 'captured' && out.scores[0], 100);
    assert.ok(c.elapsed() >= 1000);
  });
});
