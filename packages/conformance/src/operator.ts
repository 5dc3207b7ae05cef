/**
 * Operator steps some CTK cases ask of the person at the device (change the device status, rotate the
 * device key, present no biometric). Against our device service they go through its authenticated
 * admin API (docs/device-service.md, "Admin (test-control) API"); without an operator those cases are
 * reported as not run.
 */
export interface Operator {
  /** Forces a device status (`Busy`, `Not Ready`, `Not Registered`), or `null` to end the forcing. */
  setStatus(deviceId: string, status: string | null): Promise<void>;
  rotateKey(deviceId: string): Promise<void>;
  /** `true`: the subject presents nothing (the capture times out); `false`: a good presentation again. */
  presentNothing(deviceId: string, nothing: boolean): Promise<void>;
}

/** An operator that drives our device service's admin API at `url` with a bearer token. */
export function adminApiOperator(url: string, token: string): Operator {
  const base = url.replace(/\/+$/, '');
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`admin API ${path} answered ${res.status}: ${text}`);
  };
  const device = (id: string) => `/admin/devices/${encodeURIComponent(id)}`;
  return {
    setStatus: (id, status) => post(device(id), { status }),
    rotateKey: (id) => post(`${device(id)}/rotate-key`, {}),
    presentNothing: (id, nothing) => post(device(id), { quality: nothing ? 'no-object' : 'good' }),
  };
}
