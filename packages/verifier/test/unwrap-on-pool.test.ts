// The session-key unwrap on libuv's thread pool (option unwrapOnThreadPool, as the trust server runs
// it) decides every capture exactly as the inline unwrap: the same decision, code and trace, check by
// check, for the untouched capture, every tamper and several elements failing at once.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { VerifierDependencies } from '../src/index.ts';
import { dependencies, type Json } from './helpers.ts';
import { RECORD_TAMPERS, SIGNATURE_TAMPERS } from './tamper-cases.ts';
import { clone, elements, flipLast, kit, resign, setUpTamperKit, verify } from './tamper-kit.ts';

type Over = (d: VerifierDependencies) => VerifierDependencies;

before(setUpTamperKit);
after(() => kit.devices?.stop());

/** Verifies the same capture inline and on the pool, at the same instant; answers both decisions. */
async function both(r: Json, q: Json, over: Over = (d) => d) {
  const base = over(dependencies(kit.devices, kit.encryption));
  const at = (base.clock ?? (() => new Date()))();
  const run = (unwrapOnThreadPool: boolean) =>
    verify(clone(r), clone(q), (d) => {
      const o = over(d);
      return { ...o, clock: () => at, options: { ...o.options, unwrapOnThreadPool } };
    });
  return { inline: await run(false), pool: await run(true) };
}

describe('session-key unwrap on the thread pool', { timeout: 120_000 }, () => {
  test('the untouched capture passes with the same trace', async () => {
    const { inline, pool } = await both(kit.response, kit.request);
    assert.equal(pool.decision, 'accepted');
    assert.deepEqual(pool, inline);
  });

  for (const t of [...SIGNATURE_TAMPERS, ...RECORD_TAMPERS]) {
    test(`${t.name}: the same refusal and trace`, async () => {
      const r = clone(kit.response);
      const q = clone(kit.request);
      await t.change(r, q);
      const { inline, pool } = await both(r, q, t.deps);
      assert.equal(pool.code, t.code);
      assert.deepEqual(pool, inline);
    });
  }

  test('several elements failing: the first in element order decides, as inline', async () => {
    const cases: [string, string, (r: Json) => void | Promise<void>][] = [
      [
        'element 0 bioValue (re-signed), element 2 sessionKey',
        'VER_SESSION_KEY biometrics[2]',
        async (r) => {
          await resign(r, (d) => {
            d.bioValue = flipLast(String(d.bioValue));
          });
          (elements(r)[2] as Json).sessionKey = flipLast(String(elements(r)[2]?.sessionKey));
        },
      ],
      [
        'element 1 sessionKey, element 2 sessionKey truncated',
        'VER_SESSION_KEY biometrics[1]',
        (r) => {
          (elements(r)[1] as Json).sessionKey = flipLast(String(elements(r)[1]?.sessionKey));
          (elements(r)[2] as Json).sessionKey = String(elements(r)[2]?.sessionKey).slice(0, 300);
        },
      ],
      [
        'element 0 sessionKey truncated, element 1 sessionKey',
        'VER_SESSION_KEY biometrics[0]',
        (r) => {
          (elements(r)[0] as Json).sessionKey = String(elements(r)[0]?.sessionKey).slice(0, 300);
          (elements(r)[1] as Json).sessionKey = flipLast(String(elements(r)[1]?.sessionKey));
        },
      ],
      [
        'element 1 bioValue (re-signed) only',
        'VER_DECRYPT biometrics[1]',
        (r) =>
          resign(
            r,
            (d) => {
              d.bioValue = flipLast(String(d.bioValue));
            },
            kit.devices.service.devices.get('2')?.identity.deviceSigner(),
            1,
          ),
      ],
    ];
    for (const [name, refusal, change] of cases) {
      const r = clone(kit.response);
      await change(r);
      const { inline, pool } = await both(r, kit.request);
      assert.equal(`${inline.code} ${inline.reason?.split('.')[0]}`, refusal, name);
      assert.deepEqual(pool, inline, name);
    }
  });
});
