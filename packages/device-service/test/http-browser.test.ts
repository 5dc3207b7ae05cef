/** A page from another origin calls the device service with custom methods through CORS preflight (headless Chromium). */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import pino from 'pino';
import { chromium } from 'playwright-core';
import { type MdsRequest, type MdsServer, startMdsServer } from '../src/http/index.ts';
import { echoHandler } from './http-helpers.ts';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

async function pageServer(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>caller</title>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  // "localhost" is another origin (and another host name) than the device service's 127.0.0.1
  return { origin: `http://localhost:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

test('Chromium: MOSIPDISC and CAPTURE from another origin pass the preflight', {
  timeout: 60_000,
}, async (t) => {
  const page$ = await pageServer();
  const seen: Pick<MdsRequest, 'method' | 'path'>[] = [];
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
  const allowListed = await startMdsServer({
    port: 0,
    logger,
    allowedOrigins: [page$.origin],
    handler: async (req, stream) => {
      seen.push({ method: req.method, path: req.path });
      return echoHandler(req, stream);
    },
  });
  const denied: MdsServer = await startMdsServer({
    port: 0,
    allowedOrigins: ['https://other.example'],
    handler: echoHandler,
  });
  // Everything started so far is closed even when the browser does not start (else the file hangs).
  t.after(async () => {
    await allowListed.close();
    await denied.close();
    await page$.close();
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext();
    try {
      await context.grantPermissions(['local-network-access'], { origin: page$.origin });
    } catch (err) {
      t.diagnostic(
        `local-network-access permission not known to this Chromium: ${(err as Error).message.split('\n')[0]}`,
      );
    }
    const page = await context.newPage();
    await page.goto(`${page$.origin}/`);
    // a plain-text script: tsx would add helpers (__name) to a function that the page does not have
    const results = (await page.evaluate(`(async () => {
      const call = async (port, method, path, body) => {
        try {
          const res = await fetch('http://127.0.0.1:' + port + path, {
            method, body, headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          });
          return { status: res.status, json: await res.json() };
        } catch (e) {
          return { error: String(e) };
        }
      };
      return {
        disc: await call(${allowListed.port}, 'MOSIPDISC', '/device', '{"type":"Biometric Device"}'),
        capture: await call(${allowListed.port}, 'CAPTURE', '/capture', '{"env":"Developer","purpose":"Auth"}'),
        denied: await call(${denied.port}, 'MOSIPDISC', '/device', '{}'),
      };
    })()`)) as Record<'disc' | 'capture' | 'denied', { status?: number; json?: unknown; error?: string }>;
    assert.deepEqual(results.disc, {
      status: 200,
      json: { method: 'MOSIPDISC', path: '/device', query: '', body: '{"type":"Biometric Device"}' },
    });
    assert.deepEqual(results.capture, {
      status: 200,
      json: { method: 'CAPTURE', path: '/capture', query: '', body: '{"env":"Developer","purpose":"Auth"}' },
    });
    assert.ok('error' in results.denied, 'an origin not on the allow-list is blocked by the browser');
    // the browser sent its preflights to the transport, and only the real requests reached the handler
    assert.deepEqual(seen, [
      { method: 'MOSIPDISC', path: '/device' },
      { method: 'CAPTURE', path: '/capture' },
    ]);
    // the preflights were answered by the transport (logged), and no body was ever logged
    const logged = logLines.map(
      (l) => JSON.parse(l) as { msg: string; method?: string; path?: string; status?: number },
    );
    const preflights = logged.filter(
      (l) => l.msg === 'request' && l.method === 'OPTIONS' && l.status === 200,
    );
    assert.deepEqual(preflights.map((l) => l.path).sort(), ['/capture', '/device']);
    assert.ok(!logLines.some((l) => l.includes('Biometric Device') || l.includes('Developer')));
  } finally {
    await browser.close();
  }
});
