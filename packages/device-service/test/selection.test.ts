import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planAuthCapture, planRegistrationCapture } from '../src/capture/selection.ts';
import { DeviceServiceError } from '../src/errors.ts';
import type { BioRequest } from '../src/wire/request.ts';

function bio(over: Partial<BioRequest>): BioRequest {
  return {
    type: 'Finger',
    count: 1,
    bioSubType: null,
    exception: [],
    requestedScore: 40,
    deviceId: '1',
    deviceSubId: '0',
    previousHash: null,
    ...over,
  };
}
function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DeviceServiceError);
    return e.mdsCode;
  }
  assert.fail('expected a protocol error');
}

describe('Auth capture selection', { timeout: 30_000 }, () => {
  test('request order, named entries keep names, UNKNOWN takes a free finger', () => {
    const plan = planAuthCapture(
      'Finger',
      bio({ count: 3, bioSubType: ['Left MiddleFinger', 'UNKNOWN', 'Left IndexFinger'] }),
    );
    assert.deepEqual(plan, [
      { position: 'Left MiddleFinger', label: 'Left MiddleFinger' },
      { position: 'Left RingFinger', label: 'UNKNOWN' },
      { position: 'Left IndexFinger', label: 'Left IndexFinger' },
    ]);
    assert.deepEqual(
      planAuthCapture('Iris', bio({ type: 'Iris', count: 2, bioSubType: ['UNKNOWN', 'UNKNOWN'] })).map(
        (p) => p.position,
      ),
      ['Left', 'Right'],
    );
  });

  test('face: no bioSubType key, count 1; absent, [], [null], ["null"], ["UNKNOWN"] and ["Full face"] accepted', () => {
    for (const bioSubType of [null, [], [null], ['null'], ['UNKNOWN'], ['Full face']]) {
      assert.deepEqual(planAuthCapture('Face', bio({ type: 'Face', bioSubType })), [
        { position: 'Face', label: undefined },
      ]);
    }
    assert.equal(
      code(() => planAuthCapture('Face', bio({ type: 'Face', count: 2 }))),
      '109',
    );
  });

  test('face: other names, or more than one, are refused with 122', () => {
    for (const bioSubType of [
      ['Left'],
      ['Left IndexFinger'],
      ['FACE'],
      ['UNKNOWN', 'UNKNOWN'],
      ['Full face', 'UNKNOWN'],
    ])
      assert.equal(
        code(() => planAuthCapture('Face', bio({ type: 'Face', bioSubType }))),
        '122',
        String(bioSubType),
      );
  });

  test('count and name validation', () => {
    assert.equal(
      code(() => planAuthCapture('Finger', bio({ count: 11, bioSubType: Array(11).fill('UNKNOWN') }))),
      '109',
    );
    assert.equal(
      code(() => planAuthCapture('Finger', bio({ count: 2, bioSubType: ['UNKNOWN'] }))),
      '109',
    );
    assert.equal(
      code(() =>
        planAuthCapture('Iris', bio({ type: 'Iris', count: 3, bioSubType: ['Left', 'Right', 'UNKNOWN'] })),
      ),
      '109',
    );
    assert.equal(
      code(() => planAuthCapture('Finger', bio({ bioSubType: null }))),
      '122',
    );
    assert.equal(
      code(() => planAuthCapture('Finger', bio({ bioSubType: ['Left Index'] }))),
      '122',
    );
    assert.equal(
      code(() => planAuthCapture('Finger', bio({ count: 2, bioSubType: ['Left Thumb', 'Left Thumb'] }))),
      '122',
    );
    assert.equal(
      code(() => planAuthCapture('Iris', bio({ type: 'Iris', bioSubType: ['Left Thumb'] }))),
      '122',
    );
  });
});

describe('Registration capture selection', { timeout: 30_000 }, () => {
  test('subId tables minus exceptions, in table order', () => {
    assert.deepEqual(
      planRegistrationCapture(
        'Finger',
        bio({ deviceSubId: '1', count: 3, exception: ['Left RingFinger'] }),
      ).map((p) => p.label),
      ['Left IndexFinger', 'Left MiddleFinger', 'Left LittleFinger'],
    );
    assert.deepEqual(
      planRegistrationCapture(
        'Finger',
        bio({ deviceSubId: '3', count: 2, bioSubType: ['Right Thumb', 'Left Thumb'] }),
      ).map((p) => p.label),
      ['Left Thumb', 'Right Thumb'],
    );
    assert.deepEqual(
      planRegistrationCapture(
        'Iris',
        bio({ type: 'Iris', deviceSubId: '3', count: 1, exception: ['Left'] }),
      ).map((p) => p.label),
      ['Right'],
    );
  });

  test('bioSubType narrows the table; exceptions never appear', () => {
    const plan = planRegistrationCapture(
      'Finger',
      bio({
        deviceSubId: '2',
        count: 2,
        bioSubType: ['Right RingFinger', 'Right LittleFinger'],
        exception: ['Right IndexFinger', 'Right MiddleFinger'],
      }),
    );
    assert.deepEqual(
      plan.map((p) => p.label),
      ['Right RingFinger', 'Right LittleFinger'],
    );
  });

  test('face and exception photo', () => {
    assert.deepEqual(planRegistrationCapture('Face', bio({ type: 'Face' })), [
      { position: 'Face', label: undefined },
    ]);
    assert.deepEqual(
      planRegistrationCapture('Face', bio({ type: 'Face', exception: ['Left LittleFinger'] })),
      [{ position: 'ExceptionPhoto', label: undefined }],
    );
  });

  test('count mismatch 109, nothing left 708, bad exception 122, bad subId 708', () => {
    assert.equal(
      code(() => planRegistrationCapture('Finger', bio({ deviceSubId: '1', count: 5 }))),
      '109',
    );
    assert.equal(
      code(() =>
        planRegistrationCapture(
          'Finger',
          bio({ deviceSubId: '3', count: 0, exception: ['Left Thumb', 'Right Thumb'] }),
        ),
      ),
      '708',
    );
    assert.equal(
      code(() =>
        planRegistrationCapture(
          'Iris',
          bio({ type: 'Iris', deviceSubId: '3', count: 0, exception: ['Left', 'Right'] }),
        ),
      ),
      '708',
    );
    assert.equal(
      code(() => planRegistrationCapture('Iris', bio({ type: 'Iris', deviceSubId: '1', count: 2 }))),
      '109',
    );
    assert.equal(
      code(() => planRegistrationCapture('Face', bio({ type: 'Face', count: 2 }))),
      '109',
    );
    assert.equal(
      code(() =>
        planRegistrationCapture('Finger', bio({ deviceSubId: '1', count: 4, exception: ['Left Pinky'] })),
      ),
      '122',
    );
    assert.equal(
      code(() => planRegistrationCapture('Finger', bio({ deviceSubId: '4', count: 4 }))),
      '708',
    );
  });
});
