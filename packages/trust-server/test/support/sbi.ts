import type { TestPartner, TestServer } from './server.ts';

const DAY_MS = 86_400_000;

/**
 * A new SBI version of `provider` valid from yesterday for a year, decided by the admin with MOSIP's 1.2 word
 * when `decision` is given; its id. Throws when a step is refused.
 */
export async function newSbi(
  s: TestServer,
  provider: TestPartner,
  swVersion: string,
  decision?: 'Activate' | 'De-activate',
): Promise<string> {
  const res = await s.call<{ id: string }>('POST', '/v1/partnermanager/securebiometricinterface', {
    token: provider.token,
    request: {
      providerId: provider.partnerId,
      swBinaryHash: `hash-${swVersion}`,
      swVersion,
      swCreateDateTime: new Date(Date.now() - DAY_MS).toISOString(),
      swExpiryDateTime: new Date(Date.now() + 365 * DAY_MS).toISOString(),
    },
  });
  if (res.status !== 200) throw new Error(`SBI: ${res.status} ${JSON.stringify(res.body.errors)}`);
  const id = res.body.response.id;
  if (decision) {
    const decided = await s.call('PATCH', '/v1/partnermanager/securebiometricinterface', {
      token: s.adminToken,
      request: { id, approvalStatus: decision },
    });
    if (decided.status !== 200) throw new Error(`SBI decision: ${JSON.stringify(decided.body.errors)}`);
  }
  return id;
}
