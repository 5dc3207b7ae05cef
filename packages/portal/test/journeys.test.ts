/**
 * Each role's main journey through the portal in Chromium against the real trust server on a fresh
 * store: first admin sign-in and password change, policy set-up, an FTM provider's chip model approved,
 * an authentication partner's certificates and approved API key, a rejection with a reason the partner
 * sees, a MISP's licence and log; axe-core on every page, screenshots at 1280 and 390 pixels.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildReport } from '@mosip-trust/conformance';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  assertAccessible,
  ensurePortalBuilt,
  launchChromium,
  Pki,
  type RunningServer,
  screenshotDir,
  startServer,
} from './support.ts';

const STEP = { timeout: 180_000 };
const ADMIN_PASSWORD = 'Admin-Portal-Pass-2026!';
const PARTNER_PASSWORD = 'Partner-Portal-Pass-2026!';

let server: RunningServer;
let browser: Browser;
let pki: Pki;
let admin: Page;
const shots = screenshotDir();
const contexts: BrowserContext[] = [];

async function newPage(width = 1280): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  context.setDefaultTimeout(30_000);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  return page;
}

/** Checks the page with axe and keeps a screenshot named after it. */
async function visit(page: Page, name: string): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  await assertAccessible(page, name);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function go(page: Page, label: string): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}

async function signIn(page: Page, user: string, password: string): Promise<void> {
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A new account through self sign-up, signed in, registering its organisation. */
async function onboard(
  user: string,
  partner: { id: string; org: string; type: string; policyGroup?: string },
  width = 1280,
): Promise<Page> {
  const page = await newPage(width);
  await page.getByRole('link', { name: 'Create one' }).click();
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(PARTNER_PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('status').getByText('Account requested').waitFor();
  await page.getByRole('link', { name: 'Sign in', exact: true }).click();
  await signIn(page, user, PARTNER_PASSWORD);
  await page.getByRole('link', { name: 'Register your organisation' }).click();
  await page.getByLabel('Partner type').selectOption(partner.type);
  await page.getByLabel('Partner id').fill(partner.id);
  await page.getByLabel('Organisation name').fill(partner.org);
  await page.getByLabel('Address').fill('1 Main Street, Springfield');
  await page.getByLabel('Contact number').fill('+15550100');
  await page.getByLabel('Email').fill(`${partner.id}@example.org`);
  if (partner.policyGroup) await page.getByLabel('Policy group').fill(partner.policyGroup);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByText('awaiting the partner admin').waitFor();
  return page;
}

/** The admin opens the queue, reviews the item and decides. */
async function decide(item: RegExp, approve: boolean, reason?: string): Promise<void> {
  await go(admin, 'Awaiting decision');
  await admin.getByRole('button', { name: 'Refresh' }).click();
  await admin.getByRole('button', { name: item }).click();
  if (reason !== undefined) await admin.getByLabel(/^Reason/).fill(reason);
  await admin.getByRole('button', { name: approve ? 'Approve' : 'Reject', exact: true }).click();
  await admin
    .getByRole('status')
    .getByText(approve ? 'approved.' : 'rejected.')
    .waitFor();
}

before(async () => {
  ensurePortalBuilt();
  pki = new Pki();
  server = await startServer();
  browser = await launchChromium();
}, STEP);

after(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
  pki?.remove();
}, STEP);

test('the API keeps its routes next to the portal', STEP, async () => {
  const page = await fetch(`${server.url}/admin/queue`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<div id="root">/);
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  const api = await fetch(`${server.url}/v1/no-such-route`);
  assert.equal(api.status, 404);
  assert.equal(
    ((await api.json()) as { errors: { errorCode: string }[] }).errors[0]?.errorCode,
    'TS_NOT_FOUND',
  );
  assert.equal((await fetch(`${server.url}/assets/missing.js`)).status, 404);
  assert.equal((await fetch(`${server.url}/health`)).status, 200);
});

test(
  'first admin: a wrong password shows the API message, then first sign-in forces a new password',
  STEP,
  async () => {
    admin = await newPage();
    await visit(admin, 'sign-in');
    await signIn(admin, 'admin', 'not-the-password');
    await admin.getByRole('alert').waitFor();
    assert.match((await admin.getByRole('alert').textContent()) ?? '', /\(KER-ATH-\d+|\(TS_[A-Z_]+\)/);
    await signIn(admin, 'admin', server.adminPassword);
    await admin.getByText('This is your first sign-in').waitFor();
    await visit(admin, 'first-login-password');
    await admin.getByLabel('Current password').fill(server.adminPassword);
    await admin.getByLabel('New password', { exact: true }).fill(ADMIN_PASSWORD);
    await admin.getByLabel('New password again').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Change password' }).click();
    await admin.getByRole('heading', { name: 'Welcome, admin' }).waitFor();
    await visit(admin, 'admin-home');
  },
);

test(
  'policy set-up: a group, a published policy, a new version and the diff between them',
  STEP,
  async () => {
    await go(admin, 'Policies');
    await admin.getByRole('form', { name: 'New policy group' }).getByLabel('Name').fill('banks');
    await admin.getByRole('form', { name: 'New policy group' }).getByLabel('Description').fill('Banks');
    await admin.getByRole('button', { name: 'Create group' }).click();
    await admin.getByRole('status').getByText('Policy group banks created').waitFor();
    const form = admin.getByRole('form', { name: 'New policy', exact: true });
    await form.getByLabel('Name').fill('kyc');
    await form.getByLabel('Description').fill('KYC at branches');
    await form.getByLabel('Policy document (JSON)').fill(
      JSON.stringify({
        authTokenType: 'partner',
        allowedAuthTypes: [{ authType: 'otp', mandatory: false }],
        allowedKycAttributes: [{ attributeName: 'fullName' }],
      }),
    );
    await admin.getByRole('button', { name: 'Create draft' }).click();
    await admin.getByRole('status').getByText('Draft policy kyc created').waitFor();
    await admin.getByRole('button', { name: 'Publish kyc revision 1' }).click();
    await admin.getByRole('status').getByText('kyc revision 1 published').waitFor();
    // A published version never changes: editing it makes revision 2, a draft.
    await admin.getByRole('button', { name: 'Edit kyc revision 1' }).click();
    const edit = admin.getByRole('form', { name: 'Edit kyc' });
    await edit.getByLabel('Policy document (JSON)').fill(
      JSON.stringify({
        authTokenType: 'partner',
        allowedAuthTypes: [{ authType: 'otp', mandatory: false }],
        allowedKycAttributes: [{ attributeName: 'fullName' }, { attributeName: 'dateOfBirth' }],
      }),
    );
    await edit.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('status').getByText('a new draft version was made').waitFor();
    await admin.getByRole('button', { name: 'Versions of kyc' }).first().click();
    const diff = admin.getByRole('region', { name: /Differences between versions of kyc/ });
    await diff.getByText('allowedKycAttributes[1].attributeName').waitFor();
    assert.match((await diff.textContent()) ?? '', /added: "dateOfBirth"/);
    await visit(admin, 'policies');
  },
);

test(
  'FTM provider: registers, gets approved, adds a chip model with its certificate, gets it approved',
  STEP,
  async () => {
    const ftm = await onboard('chip.maker', { id: 'ftm1', org: 'ChipCo Ltd', type: 'FTM_Provider' });
    await visit(ftm, 'partner-home-pending');
    await decide(/Review Partner ChipCo Ltd/, true);
    await ftm.reload();
    await go(ftm, 'Chip models');
    await ftm.getByLabel('Make', { exact: true }).fill('ChipCo');
    await ftm.getByLabel('Model', { exact: true }).fill('C1');
    await ftm.getByRole('button', { name: 'Add chip model' }).click();
    await ftm.getByRole('status').getByText('upload its certificate next').waitFor();
    await ftm.getByRole('button', { name: 'Upload certificate for ChipCo C1' }).click();
    await ftm.getByLabel('Certificate (PEM)').setInputFiles(pki.rootCa('chip-ca', 'ChipCo Ltd'));
    await ftm.getByRole('button', { name: 'Upload', exact: true }).click();
    await ftm.getByRole('status').getByText('it now awaits approval').waitFor();
    await visit(ftm, 'ftm-chip-models');

    // The admin sees the chip's certificate in full before deciding.
    await go(admin, 'Awaiting decision');
    await admin.getByRole('button', { name: 'Refresh' }).click();
    await admin.getByRole('button', { name: /Review Chip model ChipCo C1/ }).click();
    const certificate = admin.getByRole('region', { name: 'Certificate' });
    await certificate.getByText('SHA-256 fingerprint').waitFor();
    const shown = (await certificate.textContent()) ?? '';
    assert.match(shown, /O=ChipCo Ltd/);
    assert.match(shown, /\d+ days to expiry/);
    assert.match(shown, /([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    await visit(admin, 'admin-review-chip');
    await admin.getByRole('button', { name: 'Approve', exact: true }).click();
    await admin.getByRole('status').getByText('approved.').waitFor();

    await ftm.reload();
    const row = ftm.getByRole('row', { name: /ChipCo C1/ });
    await row.getByText('approved').waitFor();
  },
);

test(
  'authentication partner: certificates, a policy request approved, an API key created',
  STEP,
  async () => {
    pki.rootCa('bank-root', 'Bank Root');
    await go(admin, 'Trust domains');
    await admin.getByLabel('Trust domain').selectOption('AUTH');
    await admin.getByLabel('CA certificate (PEM)').setInputFiles(join(pki.dir, 'bank-root.pem'));
    await admin.getByRole('button', { name: 'Upload CA certificate' }).click();
    await admin.getByRole('status').getByText('CA certificate added to the AUTH domain').waitFor();
    await visit(admin, 'admin-trust-domains');

    const bank = await onboard('bank.user', {
      id: 'bank1',
      org: 'Bank One',
      type: 'Auth_Partner',
      policyGroup: 'banks',
    });
    await decide(/Review Partner Bank One/, true);
    await bank.reload();
    await go(bank, 'Certificates');
    await bank.getByLabel('Usage').selectOption('SIGNATURE');
    await bank.getByLabel('Certificate (PEM)').setInputFiles(pki.leaf('bank-sign', 'bank-root', 'Bank One'));
    await bank.getByRole('button', { name: 'Upload certificate' }).click();
    await bank.getByRole('status').getByText('Signature certificate uploaded').waitFor();
    await bank.getByLabel('Usage').selectOption('ENCRYPTION');
    await bank.getByLabel('Certificate (PEM)').setInputFiles(pki.leaf('bank-enc', 'bank-root', 'Bank One'));
    await bank.getByRole('button', { name: 'Upload certificate' }).click();
    await bank.getByRole('status').getByText('Encryption certificate uploaded').waitFor();
    const signature = bank.getByRole('region', { name: 'Signature certificate signed by the platform' });
    await signature.getByText('SHA-256 fingerprint').waitFor();
    assert.match((await signature.textContent()) ?? '', /CN=bank-sign/);
    const download = bank.waitForEvent('download');
    await bank.getByRole('button', { name: 'Download platform-signed signature certificate' }).click();
    assert.equal((await download).suggestedFilename(), 'bank1-signature-platform-signed.pem');
    await visit(bank, 'auth-partner-certificates');

    // An upload the server refuses shows the API's own message.
    await bank.getByLabel('Certificate (PEM)').setInputFiles(pki.leaf('other-org', 'bank-root', 'Other Org'));
    await bank.getByRole('button', { name: 'Upload certificate' }).click();
    assert.match((await bank.getByRole('alert').textContent()) ?? '', /\(KER-PCM-008\)/);

    await go(bank, 'API keys');
    await bank.getByLabel('Policy of group banks').selectOption('kyc');
    await bank.getByLabel('Use case').fill('e-KYC at branches');
    await bank.getByRole('button', { name: 'Send request' }).click();
    await bank.getByRole('status').getByText('sent to the partner admin').waitFor();
    await decide(/Review API key request Bank One: policy kyc/, true);
    await bank.reload();
    await bank.getByLabel('Label').fill('branch-app');
    await bank.getByRole('button', { name: 'Create API key' }).click();
    const key = bank.getByTestId('new-api-key');
    await key.waitFor();
    assert.match((await key.textContent()) ?? '', /^[A-Za-z0-9_-]{43}$/);
    await bank.getByRole('row', { name: /branch-app/ }).waitFor();
    await visit(bank, 'auth-partner-api-keys');
  },
);

test('the admin rejects a registration with a reason and the partner sees it', STEP, async () => {
  const device = await onboard('device.maker', { id: 'dp1', org: 'Acme Devices', type: 'Device_Provider' });
  await decide(/Review Partner Acme Devices/, false, 'The address is a post box; give the street address.');
  await device.reload();
  const reason = device.getByText('The address is a post box; give the street address.');
  await reason.waitFor();
  await device.getByText('rejected', { exact: true }).waitFor();
  await visit(device, 'partner-rejected');
});

test('MISP: approved, requests a licence key, sees it and its transaction log', STEP, async () => {
  const misp = await onboard('misp.user', { id: 'misp1', org: 'Misp Networks', type: 'MISP_Partner' });
  await decide(/Review Partner Misp Networks/, true);
  await misp.reload();
  await go(misp, 'Licence keys');
  await misp.getByRole('button', { name: 'Request a licence key' }).click();
  await misp.getByText('Copy the key now').waitFor();
  await misp.getByRole('row', { name: /misp1/ }).getByText('Active').waitFor();
  await visit(misp, 'misp-licences');
  await go(misp, 'Transaction log');
  await misp.getByText('No authentication through your licences matches.').waitFor();
  await misp.getByLabel('Result').selectOption('N');
  await misp.getByRole('button', { name: 'Apply' }).click();
  const csv = misp.waitForEvent('download');
  await misp.getByRole('button', { name: 'Export CSV' }).click();
  assert.equal((await csv).suggestedFilename(), 'misp1-transactions.csv');
  await visit(misp, 'misp-transactions');
});

test('device provider: a device model approved and an SBI version rejected', STEP, async () => {
  const maker = await onboard('sensor.maker', { id: 'dp2', org: 'Sensor Works', type: 'Device_Provider' });
  await decide(/Review Partner Sensor Works/, true);
  await maker.reload();
  await go(maker, 'Device models');
  await maker.getByLabel('Type', { exact: true }).selectOption('Iris');
  await maker.getByLabel('Sub-type').selectOption('Double');
  await maker.getByLabel('Make', { exact: true }).fill('Sensor');
  await maker.getByLabel('Model', { exact: true }).fill('I2');
  await maker.getByRole('button', { name: 'Add device model' }).click();
  await maker.getByRole('status').getByText('sent for approval').waitFor();
  await visit(maker, 'device-models');
  await go(maker, 'SBI versions');
  await maker.getByLabel('Version', { exact: true }).fill('1.0.0');
  await maker.getByLabel('Binary hash').fill('b9f0c1d2e3');
  await maker.getByLabel('Created on').fill('2026-01-01');
  await maker.getByLabel('Expires on').fill('2030-01-01');
  await maker.getByRole('button', { name: 'Add SBI version' }).click();
  await maker.getByRole('status').getByText('SBI 1.0.0 sent for approval').waitFor();
  await visit(maker, 'sbi-versions');

  // The maker attaches a conformance report to the device model (docs/conformance.md); the admin's
  // review shows its summary beside the approval.
  const report = buildReport(
    {
      ctkDir: '/ctk',
      devices: [
        {
          deviceId: '1',
          purpose: 'Registration',
          type: 'Iris',
          deviceSubType: 'Double',
          deviceStatus: 'Ready',
          make: 'Sensor',
          model: 'I2',
          serialNo: 'SW-1',
          deviceProvider: 'Sensor Works',
          deviceProviderId: 'dp2',
          serviceVersion: '1.0.0',
          firmware: '1.0',
        },
      ],
      results: [
        {
          testId: 'SBI1009',
          testName: 'Registration capture - Double Iris',
          method: 'rcapture',
          status: 'pass',
          reasons: [],
          notes: [],
        },
        {
          testId: 'SBI1010',
          testName: 'Registration capture - Double Iris - One Exception',
          method: 'rcapture',
          status: 'fail',
          reasons: ['excepted Left returned'],
          notes: [],
        },
      ],
      counts: { total: 2, passed: 1, failed: 1, notRun: 0 },
    },
    { url: 'http://127.0.0.1:4501', toolVersion: '0.1.0', at: new Date() },
  );
  const attached = await maker.evaluate(async (request) => {
    const list = (await (await fetch('/v1/partnermanager/devicedetail')).json()) as {
      response: { id: string; model: string }[];
    };
    const id = list.response.find((d) => d.model === 'I2')?.id ?? '';
    const res = await fetch(`/v1/trust/device-details/${id}/conformance-report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'mosip.trust.portal',
        version: '1.0',
        requesttime: new Date().toISOString(),
        request,
      }),
    });
    return res.status;
  }, report);
  assert.equal(attached, 200);
  await go(admin, 'Awaiting decision');
  await admin.getByRole('button', { name: 'Refresh' }).click();
  await admin.getByRole('button', { name: /Review SBI version SBI 1.0.0/ }).click();
  await admin.getByText('No SBI conformance report is attached.').waitFor();
  await admin.getByRole('button', { name: /Review Device model Sensor I2/ }).click();
  await admin.getByText('1 passed, 1 failed, 0 not run of 2 cases').waitFor();
  await admin.getByText(report.digest.value).waitFor();
  await admin
    .getByRole('list', { name: 'Failed cases' })
    .getByText('SBI1010 Registration capture - Double Iris - One Exception: excepted Left returned')
    .waitFor();
  await visit(admin, 'admin-review-conformance');
  await decide(/Review Device model Sensor I2/, true);
  await decide(/Review SBI version SBI 1.0.0/, false);
  await maker.reload();
  await maker
    .getByRole('row', { name: /1\.0\.0/ })
    .getByText('rejected')
    .waitFor();
  await go(maker, 'Device models');
  await maker
    .getByRole('row', { name: /Sensor/ })
    .getByText('approved')
    .waitFor();
});

test('admin pages: partner search and deactivation, audit log with its integrity check', STEP, async () => {
  await go(admin, 'Partners');
  await admin.getByLabel('Organisation name contains').fill('Bank');
  await admin.getByRole('button', { name: 'Search' }).click();
  await admin.getByRole('cell', { name: 'Bank One' }).waitFor();
  // Bank One is in the unfiltered list too: wait for the filtered list to replace it, then assert.
  await admin.getByRole('cell', { name: 'ChipCo Ltd' }).first().waitFor({ state: 'detached' });
  assert.equal(await admin.getByRole('cell', { name: 'ChipCo Ltd' }).count(), 0);
  await admin.getByRole('button', { name: 'Deactivate bank1' }).click();
  await admin.getByRole('status').getByText('Bank One deactivated').waitFor();
  await visit(admin, 'admin-partners');
  await admin.getByRole('button', { name: 'Activate bank1' }).click();
  await admin.getByRole('status').getByText('Bank One activated').waitFor();

  await go(admin, 'Audit log');
  await admin.getByRole('button', { name: 'Verify the chain' }).click();
  await admin.getByRole('status').getByText('Chain intact').waitFor();
  await admin.getByLabel('Action').fill('partner.reject');
  await admin.getByRole('button', { name: 'Filter' }).click();
  await admin.getByRole('cell', { name: 'partner:dp1' }).first().waitFor();
  await admin.getByRole('cell', { name: 'partner.approve' }).first().waitFor({ state: 'detached' });
  assert.equal(await admin.getByRole('cell', { name: 'partner.approve' }).count(), 0);
  await visit(admin, 'admin-audit');
  await go(admin, 'Awaiting decision');
  await admin.getByRole('button', { name: 'Refresh' }).click();
  await admin.getByText('Nothing awaits a decision.').waitFor();
  await visit(admin, 'admin-queue');
});

test('admin dashboard: the counters of /metrics', STEP, async () => {
  await go(admin, 'Dashboard');
  const requests = admin.locator('table', {
    has: admin.locator('caption', { hasText: 'mosip_trust_http_requests_total' }),
  });
  // The portal's who-am-I call on every load was counted by its route pattern (first rows, first page).
  await requests
    .getByRole('cell', { name: /^method=GET, route=\/v1\/trust\/auth\/me, status=200$/ })
    .first()
    .waitFor();
  await admin.locator('caption', { hasText: 'mosip_trust_store_connections' }).waitFor();
  await visit(admin, 'admin-dashboard');
  // The dashboard's own read was counted, by its route pattern, in the Prometheus text.
  const text = await fetch(`${server.url}/metrics`).then((r) => r.text());
  assert.match(
    text,
    /^mosip_trust_http_requests_total\{method="GET",route="\/v1\/trust\/metrics",status="200"\} \d+$/m,
  );
});

test('390 pixels wide: the menu opens from the keyboard and pages stay usable', STEP, async () => {
  const narrow = await newPage(390);
  await signIn(narrow, 'admin', ADMIN_PASSWORD);
  await narrow.getByRole('heading', { name: 'Welcome, admin' }).waitFor();
  const menu = narrow.getByRole('button', { name: 'Menu' });
  assert.equal(await narrow.getByRole('navigation', { name: 'Main' }).isVisible(), false);
  await menu.focus();
  await narrow.keyboard.press('Enter');
  assert.equal(await menu.getAttribute('aria-expanded'), 'true');
  const link = narrow.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' });
  await link.focus();
  await narrow.keyboard.press('Enter');
  await narrow.getByRole('heading', { name: 'Audit log' }).waitFor();
  const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'no horizontal scrolling at 390 px');
  await visit(narrow, 'narrow-audit');
  await go(narrow, 'Home');
  await narrow.getByRole('button', { name: 'Sign out' }).click();
  await narrow.getByRole('heading', { name: 'Sign in' }).waitFor();
});
