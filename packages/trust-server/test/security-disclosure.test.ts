import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PM } from './capability-fixtures.ts';
import { ROLES, startTestServer, type TestServer } from './support/server.ts';

describe('answers that disclose or store unsafe display values', { timeout: 300_000 }, () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ store: 'pglite' });
  });
  after(async () => t?.close());

  test("another provider's record id answers exactly as a missing one (and is audited)", async () => {
    const owner = await t.partner(ROLES.DEVICE_PROVIDER);
    const other = await t.partner(ROLES.DEVICE_PROVIDER);
    const created = await t.call<{ id: string }>('POST', `${PM}/devicedetail`, {
      token: owner.token,
      request: {
        deviceProviderId: owner.partnerId,
        deviceTypeCode: 'Finger',
        deviceSubTypeCode: 'Slap',
        make: 'Acme',
        model: 'F1',
        partnerOrganizationName: 'Acme',
      },
    });
    assert.equal(created.status, 200);
    const id = created.body.response.id;
    const foreign = await t.call('GET', `${PM}/devicedetail/${id}`, { token: other.token });
    const missing = await t.call('GET', `${PM}/devicedetail/no-such-id`, { token: other.token });
    assert.equal(foreign.status, missing.status);
    assert.equal(foreign.body.errors[0]?.errorCode, missing.body.errors[0]?.errorCode);
    assert.equal(foreign.body.errors[0]?.message, missing.body.errors[0]?.message.replace('no-such-id', id));
    const edit = await t.call('PUT', `${PM}/devicedetail`, {
      token: other.token,
      request: { id, deviceTypeCode: 'Finger', deviceSubTypeCode: 'Slap', make: 'X', model: 'Y' },
    });
    assert.equal(edit.status, 404);
    const audited = await t.server.deps.audit.query(t.server.deps.db, {
      action: 'security.refused',
      actor: other.username,
    });
    assert.ok(audited.some((e) => e.details.code === 'PMS_PRT_055'));
  });

  test('logoUrl must be http(s); organisation names hold no markup', async () => {
    const signup = await t.call('POST', '/v1/trust/accounts/signup', {
      request: { username: 'markup.user', password: 'correct horse battery' },
    });
    assert.equal(signup.status, 200);
    const token = await t.login('markup.user', 'correct horse battery');
    const group = await t.policyGroup();
    const register = (extra: Record<string, unknown>) =>
      t.call('POST', '/v1/partnermanager/partners', {
        token,
        request: {
          partnerId: 'MarkupOrg',
          organizationName: 'Markup Org',
          address: '1 Street',
          contactNumber: '+911234567890',
          emailId: 'markup@example.org',
          partnerType: 'Auth_Partner',
          policyGroup: group,
          ...extra,
        },
      });
    for (const extra of [
      { logoUrl: 'javascript:alert(1)' },
      { logoUrl: 'data:text/html,<script>alert(1)</script>' },
      { organizationName: '<img src=x onerror=alert(1)>' },
    ]) {
      const res = await register(extra);
      assert.deepEqual(
        [res.status, res.body.errors[0]?.errorCode],
        [400, 'PMS_COR_001'],
        JSON.stringify(extra),
      );
    }
    assert.equal((await register({ logoUrl: 'https://example.org/logo.png' })).status, 200);
    const profile = await t.call('PUT', '/v1/partnermanager/partners/MarkupOrg', {
      token,
      request: { address: '2 Street', contactNumber: '+911234567890', logoUrl: 'javascript:alert(2)' },
    });
    // Inactive (awaiting approval) or refused as bad input: never stored.
    assert.ok(profile.status === 400 || profile.status === 403);
    const view = await t.call<{ logoUrl: string }>('GET', '/v1/partnermanager/partners/MarkupOrg', { token });
    assert.equal(view.body.response.logoUrl, 'https://example.org/logo.png');
  });
});
