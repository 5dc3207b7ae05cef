// verifyCapture never throws on bad input: arbitrary values, and a real capture and request with any
// one value replaced by an arbitrary one, always give a decision (refused unless nothing changed).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { verifyCapture } from '../src/index.ts';
import {
  authRequest,
  capture,
  type Devices,
  dependencies,
  encryptionKey,
  type Json,
  startDevices,
} from './helpers.ts';

let devices: Devices;
let encryption: Awaited<ReturnType<typeof encryptionKey>>;
let request: Json;
let response: Json;

before(async () => {
  encryption = await encryptionKey();
  devices = await startDevices([{ kind: 'finger-single', purpose: 'Auth' }], encryption);
  request = authRequest([{ type: 'Finger', count: '1', bioSubType: ['UNKNOWN'], deviceId: '1' }]);
  response = await capture(devices.port, request);
});
after(() => devices?.stop());

/** Every path to a value inside a JSON tree, including the decoded data payload's fields. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...prefix, k])),
  ];
}

function replaced(root: Json, path: (string | number)[], v: unknown): unknown {
  if (path.length === 0) return v;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = v;
  return copy;
}

describe('verifyCapture robustness', { timeout: 120_000 }, () => {
  test('arbitrary request and response values give a refused decision, never an exception', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.anything(), async (r, q) => {
        const d = await verifyCapture({ response: r, request: q }, dependencies(devices, encryption));
        assert.equal(d.decision, 'refused');
        assert.ok(d.code);
      }),
      { numRuns: 300 },
    );
  });

  test('one value of a real capture or request replaced by an arbitrary one gives a decision', async () => {
    const responsePaths = paths(response);
    const requestPaths = paths(request);
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.nat(),
        fc.oneof(fc.anything(), fc.string(), fc.constant(''), fc.constant(null), fc.integer()),
        async (inResponse, n, v) => {
          const list = inResponse ? responsePaths : requestPaths;
          const path = list[n % list.length] as (string | number)[];
          const r = inResponse ? replaced(response, path, v) : response;
          const q = inResponse ? request : replaced(request, path, v);
          const d = await verifyCapture({ response: r, request: q }, dependencies(devices, encryption));
          assert.ok(d.decision === 'accepted' || d.decision === 'refused');
          assert.equal(d.checks.length, 25);
          if (d.decision === 'refused') assert.ok(d.code && d.checks.some((c) => c.code === d.code));
        },
      ),
      { numRuns: 400 },
    );
  });
});
