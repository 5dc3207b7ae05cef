// The tamper suite: one valid Auth capture from the real device service, every field of the capture and
// of its request altered one at a time (tamper-cases.ts), each refused with its own error code; the
// untouched capture still passes afterwards.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyCapture } from '../src/index.ts';
import { authRequest, capture, dependencies } from './helpers.ts';
import { RECORD_TAMPERS, SIGNATURE_TAMPERS } from './tamper-cases.ts';
import { clone, kit, setUpTamperKit, verify } from './tamper-kit.ts';

const TAMPERS = [...SIGNATURE_TAMPERS, ...RECORD_TAMPERS];

before(setUpTamperKit);
after(() => kit.devices?.stop());

describe('tamper suite', { timeout: 120_000 }, () => {
  test('the untouched capture passes', async () => {
    const d = await verify(clone(kit.response), clone(kit.request));
    assert.equal(d.decision, 'accepted', JSON.stringify(d.checks.find((c) => c.outcome === 'fail')));
  });

  for (const t of TAMPERS) {
    test(`${t.name} → ${t.code}`, async () => {
      const r = clone(kit.response);
      const q = clone(kit.request);
      await t.change(r, q);
      const d = await verify(r, q, t.deps);
      assert.equal(d.decision, 'refused');
      assert.equal(d.code, t.code, `${t.name}: ${d.code} ${d.reason}`);
      const failed = d.checks.filter((c) => c.outcome === 'fail');
      assert.equal(failed.length, 1);
      assert.equal(failed[0]?.code, t.code);
      const at = d.checks.indexOf(failed[0] as (typeof d.checks)[number]);
      assert.ok(
        d.checks.slice(at + 1).every((c) => c.outcome === 'not-run'),
        'checks after a failure do not run',
      );
    });
  }

  test('a replayed transaction is refused, then a fresh capture still passes', async () => {
    const deps = dependencies(kit.devices, kit.encryption);
    const first = await verifyCapture({ response: clone(kit.response), request: clone(kit.request) }, deps);
    assert.equal(first.decision, 'accepted');
    const replay = await verifyCapture({ response: clone(kit.response), request: clone(kit.request) }, deps);
    assert.equal(replay.code, 'VER_REPLAY');
    assert.equal(replay.checks.find((c) => c.outcome === 'fail')?.name, 'replay');
    const q = authRequest([{ type: 'Finger', count: '1', bioSubType: ['UNKNOWN'], deviceId: '1' }]);
    const fresh = await verifyCapture({ response: await capture(kit.devices.port, q), request: q }, deps);
    assert.equal(fresh.decision, 'accepted');
  });

  test('every tamper has its own refusal reason, and the valid capture still passes afterwards', async () => {
    const codes = new Set(TAMPERS.map((t) => t.code));
    assert.ok(codes.size >= 30, `${codes.size} distinct codes`);
    const d = await verify(clone(kit.response), clone(kit.request));
    assert.equal(d.decision, 'accepted');
  });
});
