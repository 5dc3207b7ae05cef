/** The request and response shapes (IDA #5). */
import { readCaptureRequest, readCaptureResponse } from '../capture-input.ts';
import { type Check, fail, readInput } from './support.ts';

export const INPUT_CHECKS: Check[] = [
  {
    name: 'request',
    run: (s) => {
      s.request = readInput(() => readCaptureRequest(s.input.request), 'VER_REQUEST_INVALID');
      return `transactionId ${s.request.transactionId}, env ${s.request.env}`;
    },
  },
  {
    // IDA #5: every element has data.
    name: 'response',
    run: (s) => {
      s.response = readInput(() => readCaptureResponse(s.input.response), 'VER_RESPONSE_INVALID');
      // CAPTURE requests say Auth; without a purpose, CAPTURE is recognised by its session s.keys.
      s.purpose =
        s.request.purpose ?? (s.response.biometrics.some((b) => b.sessionKey) ? 'Auth' : 'Registration');
      for (const [i, e] of s.response.biometrics.entries()) {
        if (e.errorCode !== undefined && e.errorCode !== '0')
          fail('VER_ELEMENT_ERROR', `biometrics[${i}] carries device error ${e.errorCode}`);
        if (e.data === '') fail('VER_ELEMENT_ERROR', `biometrics[${i}].data is empty`);
      }
      return `${s.response.biometrics.length} element(s), purpose ${s.purpose}`;
    },
  },
];
