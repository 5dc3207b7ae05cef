/**
 * The device, transaction and trace pages, and OpenID Connect sign-in, in Chromium against the real
 * trust server (in process, on a fresh PGlite store) with the loopback OpenID provider of the trust
 * server's own tests. Registered devices and authentications are made through the real APIs: signed
 * registrations from a management-server key, captures from the real device service sent to the
 * authentication API through a MISP licence. axe-core and screenshots at 1280 and 390 px on every page.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import {
  type AuthWorld,
  authenticateOnce,
  chipKey,
  deviceData,
  onboardRegistry,
  type RegistryWorld,
  register,
  setUpAuthWorld,
  startIssuer,
  startTestServer,
  type TestIssuer,
  type TestServer,
} from '@mosip-trust/trust-server/test-support';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { checkPage, ensurePortalBuilt, launchChromium, screenshotDir } from './support.ts';

const STEP = { timeout: 240_000 };
// The set-up registers 23 devices and makes real authentications: generous on a loaded machine.
const SETUP = { timeout: 900_000 };
const DEVICES = 23; // more than one page (20) of the registered-devices list

let server: TestServer;
let idp: TestIssuer;
let browser: Browser;
let registry: RegistryWorld;
let world: AuthWorld;
let accepted: string;
let refused: string;
const shots = screenshotDir();
const contexts: BrowserContext[] = [];

/** A port that was free a moment ago: the OpenID redirect URI names the server's port before it starts. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const address = probe.address();
  await new Promise<void>((r) => probe.close(() => r()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(30_000);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.baseUrl}/`);
  return page;
}

async function signIn(user: { username: string; password: string }): Promise<Page> {
  const page = await newPage();
  await page.getByLabel('User name').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: `Welcome, ${user.username}` }).waitFor();
  return page;
}

async function go(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

before(async () => {
  ensurePortalBuilt();
  idp = await startIssuer({ sub: 'kc-portal-1', preferred_username: 'kc.admin', roles: ['PARTNER_ADMIN'] });
  const port = await freePort();
  server = await startTestServer({
    store: 'pglite',
    env: {
      MOSIP_TRUST_PORT: String(port),
      MOSIP_TRUST_OIDC_ISSUER: idp.issuer,
      MOSIP_TRUST_OIDC_CLIENT_ID: 'trust-server',
      MOSIP_TRUST_OIDC_CLIENT_SECRET: 'client-secret',
      MOSIP_TRUST_OIDC_REDIRECT_URI: `http://127.0.0.1:${port}/v1/trust/auth/oidc/callback`,
      MOSIP_TRUST_OIDC_NAME: 'Test Keycloak',
    },
  });
  registry = await onboardRegistry(server);
  for (let i = 0; i < DEVICES; i += 1) {
    const serialNo = `SN-${String(i).padStart(3, '0')}`;
    const answer = await register(
      registry,
      await deviceData(registry, { serialNo, chip: await chipKey(registry, serialNo) }),
    );
    assert.equal(answer.status, 200, JSON.stringify(answer.body.errors));
  }
  world = await setUpAuthWorld(server);
  const ok = await authenticateOnce(world);
  assert.equal(ok.status, 200);
  accepted = ok.transactionId;
  // The policy allows finger only: an iris authentication is refused, with its trace.
  const no = await authenticateOnce(world, { modality: 'iris' });
  assert.ok(no.body.errors?.length, `iris was not refused: ${JSON.stringify(no.body)}`);
  refused = no.transactionId;
  browser = await launchChromium();
}, SETUP);

after(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await world?.devices.stop();
  await server?.close();
  await idp?.close();
}, STEP);

test('device provider: registered devices filter, page and revoke with confirmation', STEP, async () => {
  const page = await signIn(registry.provider);
  await go(page, 'Registered devices');
  await page.getByRole('table').getByText(`Registered devices (${DEVICES})`).waitFor();
  await page.getByRole('cell', { name: 'SN-000', exact: true }).waitFor();
  await checkPage(page, 'registered-devices', shots);
  await page.getByRole('navigation', { name: 'Device pages' }).getByRole('button', { name: 'Next' }).click();
  await page.getByText('Page 2 of 2').waitFor();
  // The page label changes before the second page's rows arrive: wait for the first page's rows to go.
  await page
    .getByRole('row')
    .nth(DEVICES - 20 + 1)
    .waitFor({ state: 'detached' });
  // Newest first or oldest first, the second page holds the three devices the first does not.
  assert.equal(await page.getByRole('row').count(), DEVICES - 20 + 1);

  await page.getByLabel('Serial number').fill('SN-007');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('table').getByText('Registered devices (1)').waitFor();
  const revoke = page.getByRole('button', { name: 'Revoke SN-007' });
  await revoke.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog', { name: /Revoke .* SN-007\?/ });
  await dialog.waitFor();
  await checkPage(page, 'registered-devices-revoke', shots);
  // The keyboard lands on "Keep it": Enter keeps the device, and the focus goes back to its button.
  await page.keyboard.press('Enter');
  await dialog.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.textContent?.startsWith('Revoke SN-007'));
  // Escape closes the dialog too.
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(
    await page
      .getByRole('row', { name: /SN-007/ })
      .getByText('Registered')
      .count(),
    1,
  );
  await revoke.click();
  await dialog.getByRole('button', { name: 'Revoke device' }).click();
  await page.getByRole('status').getByText('Device SN-007 revoked.').waitFor();
  await page
    .getByRole('row', { name: /SN-007/ })
    .getByText('Revoked')
    .waitFor();

  await page.getByLabel('Serial number').fill('');
  await page.getByLabel('Status').selectOption('Revoked');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('table').getByText('Registered devices (1)').waitFor();
  await page.getByRole('cell', { name: 'SN-007', exact: true }).waitFor();
});

test('a MISP sees the transactions through its licence, and a refused one’s trace', STEP, async () => {
  const page = await signIn(world.misp);
  await go(page, 'Transaction log');
  await page.getByRole('cell', { name: accepted, exact: true }).waitFor();
  await page.getByRole('cell', { name: refused, exact: true }).waitFor();
  await page
    .getByRole('row', { name: new RegExp(accepted) })
    .getByText('accepted', { exact: true })
    .waitFor();
  // The chart counts the day's volume and refusals.
  await page
    .getByRole('img', { name: /^Authentications per day\. [\d-]+: 1 accepted, 1 refused$/ })
    .waitFor();
  await page.getByLabel('Result').selectOption('N');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('cell', { name: accepted, exact: true }).waitFor({ state: 'detached' });
  await page.getByRole('button', { name: `Show trace of ${refused}` }).click();
  await page.getByRole('heading', { name: `Decision trace of ${refused}` }).waitFor();
  await checkPage(page, 'misp-transaction-trace', shots);
});

test('an authentication partner sees its transactions and the trace of the refused one', STEP, async () => {
  const page = await signIn(world.partner);
  await go(page, 'Transactions');
  await page.getByRole('table').getByText('Authentications (2)').waitFor();
  const row = page.getByRole('row', { name: new RegExp(refused) });
  await row.getByText(/^refused /).waitFor();
  await row.getByRole('button', { name: `Show trace of ${refused}` }).click();
  const trace = page.getByRole('region', { name: `Decision trace of ${refused}` });
  await trace.waitFor();
  const checks = trace.getByRole('list', { name: `Checks of ${refused}` });
  assert.ok((await checks.getByRole('listitem').count()) > 1);
  assert.match((await checks.textContent()) ?? '', /: fail/);
  await checkPage(page, 'partner-transaction-trace', shots);
  // Another partner's transaction is not found, and the page says so with the API's code.
  await page.getByLabel('Transaction id').fill('not-a-transaction');
  await page.getByRole('button', { name: 'Show trace', exact: true }).click();
  assert.match((await page.getByRole('alert').textContent()) ?? '', /\(TS_TRANSACTION_NOT_FOUND\)/);
});

test('OpenID Connect: sign in with the provider, then the admin’s device search', STEP, async () => {
  const page = await newPage();
  const button = page.getByRole('link', { name: 'Sign in with Test Keycloak' });
  await checkPage(page, 'sign-in-oidc', shots);
  await button.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Welcome, kc.admin' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  await go(page, 'Registered devices');
  await page.getByRole('heading', { name: 'Device search' }).waitFor();
  // The admin sees every provider's devices: the registry's and the authentication world's.
  await page.getByRole('cell', { name: 'SN-000' }).first().waitFor();
  await page.getByRole('columnheader', { name: 'Provider' }).waitFor();
  await checkPage(page, 'admin-device-search', shots);
});
