/**
 * The management server process: its store, the provider's keys, the trust-server client (logged in
 * with the provider's machine credentials) and the HTTP surface (docs/management-server.md).
 */
import { mkdirSync } from 'node:fs';
import { pemToDerList } from '@mosip-trust/crypto';
import type { FastifyInstance } from 'fastify';
import { ManagementError } from './errors.ts';
import type { FleetDeps } from './fleet.ts';
import { buildApp } from './http/app.ts';
import { loadOrCreateProviderKeys } from './provider-ca.ts';
import { type FleetStore, openFleetStore } from './store/store.ts';
import { TrustClient } from './trust-client.ts';

export interface ManagementServerOptions {
  port?: number;
  host?: string;
  dataDir: string;
  databaseUrl?: string;
  trustServer: string;
  clientId: string;
  clientSecret: string;
  /** PEM of the FTM roots (or chip CAs) whose chips this provider's devices carry. */
  ftmTrustPem: string;
  ftmProviderId?: string;
  domainUri?: string;
  operatorToken?: string;
  env?: NodeJS.ProcessEnv;
}

export interface ManagementServer {
  url: string;
  app: FastifyInstance;
  deps: FleetDeps;
  store: FleetStore;
  providerCaPath: string;
  close(): Promise<void>;
}

export async function startManagementServer(opts: ManagementServerOptions): Promise<ManagementServer> {
  const ftmAnchors = pemToDerList(opts.ftmTrustPem);
  if (ftmAnchors.length === 0)
    throw new ManagementError('MGMT_CONFIG', 'the FTM trust file holds no certificate');
  if (opts.operatorToken !== undefined && opts.operatorToken.length < 16)
    throw new ManagementError('MGMT_CONFIG', 'the operator token must have at least 16 characters');
  const trust = new TrustClient({
    baseUrl: opts.trustServer,
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
  });
  const me = await trust.me();
  if (!me.partnerId) throw new ManagementError('MGMT_CONFIG', `client ${opts.clientId} acts for no partner`);
  if (!me.roles.includes('DEVICE_PROVIDER'))
    throw new ManagementError('MGMT_CONFIG', `client ${opts.clientId} is not a DEVICE_PROVIDER client`);
  const organization = await trust.organizationName(me.partnerId);
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const keys = await loadOrCreateProviderKeys(opts.dataDir, organization, opts.env);
  const store = await openFleetStore({
    dataDir: opts.dataDir,
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
  });
  const deps: FleetDeps = {
    db: store.db,
    keys,
    trust,
    provider: { id: me.partnerId, organization },
    ftmAnchors,
    ...(opts.ftmProviderId ? { ftmProviderId: opts.ftmProviderId } : {}),
    domainUri: opts.domainUri ?? trust.origin,
    clock: () => new Date(),
  };
  const app = await buildApp({ deps, ...(opts.operatorToken ? { operatorToken: opts.operatorToken } : {}) });
  try {
    await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  } catch (e) {
    await store.close();
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    app,
    deps,
    store,
    providerCaPath: keys.caPath,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}
