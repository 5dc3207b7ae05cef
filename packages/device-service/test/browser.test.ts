/**
 * A web page on another origin (headless Chromium) discovers the device service and completes an Auth
 * capture through CORS preflights, as the eSignet UI and the CTK UI do; the admin API stays out of reach.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { decryptPrivateKeyPem, openBiometric, verifyHashChain, verifyJws } from '@mosip-trust/crypto';
import { type Browser, chromium } from 'playwright-core';
import { ADMIN_TOKEN, type Running, startService } from './helpers.ts';

let svc: Running;
let page: Server;
let browser: Browser;
let origin: string;

before(
  async () => {
    svc = await startService([{ kind: 'finger-single', purpose: 'Auth' }]);
    page = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>relying party</title><p>eSignet-like page</p>');
    });
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
    origin = `http://localhost:${(page.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  },
  { timeout: 120_000 },
);

after(
  async () => {
    await browser?.close();
    await new Promise((r) => page.close(r));
    await svc.stop();
  },
  { timeout: 120_000 },
);

test('page on another origin: MOSIPDISC, MOSIPDINFO and CAPTURE through CORS; admin API blocked', {
  timeout: 120_000,
}, async () => {
  const context = await browser.newContext();
  await context.grantPermissions(['local-network-access'], { origin }).catch(() => undefined);
  const tab = await context.newPage();
  await tab.goto(`${origin}/`);
  const result = await tab.evaluate(
    async ({ port, adminPort, token }) => {
      const base = `http://127.0.0.1:${port}`;
      const disc = await (
        await fetch(`${base}/device`, {
          method: 'MOSIPDISC',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ type: 'Finger' }),
        })
      ).json();
      const info = await (
        await fetch(`${base}/info`, { method: 'MOSIPDINFO', headers: { 'Content-Type': 'application/json' } })
      ).json();
      const device = disc[0];
      const body = {
        env: 'Developer',
        purpose: 'Auth',
        specVersion: '0.9.5',
        timeout: '10000',
        captureTime: new Date().toISOString(),
        domainUri: 'https://esignet.example',
        transactionId: 'browser-tx-0001',
        bio: [
          {
            type: 'Finger',
            count: '1',
            bioSubType: ['UNKNOWN'],
            requestedScore: '40',
            deviceId: device.deviceId,
            deviceSubId: 0,
            previousHash: '',
          },
        ],
        customOpts: null,
      };
      const capture = await (
        await fetch(`${device.callbackId}capture`, {
          method: 'CAPTURE',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json();
      let adminBlocked = false;
      try {
        await fetch(`http://127.0.0.1:${adminPort}/admin/devices/1`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{"status":"Not Ready"}',
        });
      } catch {
        adminBlocked = true;
      }
      return { disc, info, capture, adminBlocked, origin: location.origin };
    },
    { port: svc.service.port, adminPort: svc.service.adminPort as number, token: ADMIN_TOKEN },
  );
  await context.close();
  assert.equal(result.origin, origin);
  assert.equal(result.disc[0].deviceStatus, 'Ready');
  assert.equal(result.info[0].error.errorCode, '0');
  assert.equal(result.adminBlocked, true, 'the admin API must not answer a cross-origin page');
  const el = result.capture.biometrics[0];
  assert.equal(el.error.errorCode, '0');
  const data = JSON.parse((await verifyJws(el.data)).payload.toString()) as Record<string, string>;
  assert.equal(data.domainUri, 'https://esignet.example');
  const stored = JSON.parse(await readFile(`${svc.stateDir}/dev-encryption.json`, 'utf8')) as {
    keyPem: string;
  };
  const record = openBiometric({
    bioValue: data.bioValue as string,
    sessionKey: el.sessionKey,
    timestamp: data.timestamp as string,
    transactionId: 'browser-tx-0001',
    privateKey: decryptPrivateKeyPem(stored.keyPem, 'test-kek-0123456789abcdef'),
    thumbprint: el.thumbprint,
  });
  verifyHashChain([{ hash: el.hash, bio: record }], { previousHash: '' });
  // The device state did not change: the page could not reach the admin API.
  const status = await fetch(`http://127.0.0.1:${svc.service.adminPort}/admin/devices/1`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  assert.equal(((await status.json()) as { status: string }).status, 'Ready');
});
