/** The device service as the end-to-end test meets it over MOSIP's SBI methods, and waiting for it. */

/** Output of `mosip-trust device-service` once it listens and device 1 is up. */
export const DEVICE_READY = /device service listening on (http:\/\/127\.0\.0\.1:\d+)\/[\s\S]*device 1: /;

export async function discover(deviceUrl: string) {
  const res = await fetch(`${deviceUrl}/device`, {
    method: 'MOSIPDISC',
    body: JSON.stringify({ type: 'Biometric Device' }),
    signal: AbortSignal.timeout(30_000),
  });
  return (await res.json()) as { deviceCode: string; deviceStatus: string }[];
}

/** Waits for a state another process reaches on its own schedule; the test's timeout bounds it. */
export async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** x5c[0] of device 1's signed device info (its current device certificate). */
export async function deviceCertificate(deviceUrl: string): Promise<string> {
  const res = await fetch(`${deviceUrl}/info`, { method: 'MOSIPDINFO', signal: AbortSignal.timeout(30_000) });
  const [first] = (await res.json()) as { deviceInfo: string }[];
  const header = JSON.parse(
    Buffer.from(String(first?.deviceInfo).split('.')[0] ?? '', 'base64url').toString(),
  );
  return String(header.x5c?.[0] ?? '');
}

/** One single-finger Auth CAPTURE of device 1: the request sent and the response body. */
export async function authCapture(
  deviceUrl: string,
  domainUri: string,
  transactionId: string,
): Promise<{
  request: Record<string, unknown>;
  response: { biometrics: { error: { errorCode: string } }[] };
}> {
  const request = {
    env: 'Developer',
    purpose: 'Auth',
    specVersion: '0.9.5',
    timeout: '10000',
    captureTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    domainUri,
    transactionId,
    bio: [
      {
        type: 'Finger',
        count: '1',
        bioSubType: ['UNKNOWN'],
        requestedScore: '40',
        deviceId: '1',
        deviceSubId: '0',
        previousHash: '',
      },
    ],
  };
  const res = await fetch(`${deviceUrl}/capture`, {
    method: 'CAPTURE',
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(60_000),
  });
  return { request, response: (await res.json()) as { biometrics: { error: { errorCode: string } }[] } };
}
