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
import { loadOrCreateProviderKeys, providerCaPath } from './provider-ca.ts';
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
  /** The store's kind, known before it opens (`DATABASE_URL` given or not). */
  storeKind: FleetStore['kind'];
  /** Where the provider CA certificate is (created by the sign-in on the first start). */
  providerCaPath: string;
  /**
   * Opens the store, signs in to the trust server (login, `me`, the provider's organisation) and loads or
   * creates the provider's keys: the first call starts it, later calls share it. Every route waits for it, so a route
   * that needs the trust server is served only once signed in (and answers the sign-in's error if it
   * failed); a caller awaits it to know the server is usable (`management-server` before it says so).
   */
  signIn(): Promise<FleetDeps>;
  close(): Promise<void>;
}

/**
 * Listens; the store's opening and the sign-in to the trust server are not waited for (they run on
 * `signIn()` or the first request), so that `mosip-trust up` can serve before them: on a later start
 * nothing on the way to ready needs the management server's store (docs/performance.md).
 */
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
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  let opening: Promise<FleetStore> | undefined;
  const openStore = () => {
    opening ??= openFleetStore({
      dataDir: opts.dataDir,
      ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
    });
    return opening;
  };
  let signedIn: Promise<FleetDeps> | undefined;
  const signIn = () => {
    signedIn ??= (async (): Promise<FleetDeps> => {
      const store = await openStore();
      const me = await trust.me();
      if (!me.partnerId)
        throw new ManagementError('MGMT_CONFIG', `client ${opts.clientId} acts for no partner`);
      if (!me.roles.includes('DEVICE_PROVIDER'))
        throw new ManagementError('MGMT_CONFIG', `client ${opts.clientId} is not a DEVICE_PROVIDER client`);
      const organization = await trust.organizationName(me.partnerId);
      const keys = await loadOrCreateProviderKeys(opts.dataDir, organization, opts.env);
      return {
        db: store.db,
        keys,
        trust,
        provider: { id: me.partnerId, organization },
        ftmAnchors,
        ...(opts.ftmProviderId ? { ftmProviderId: opts.ftmProviderId } : {}),
        domainUri: opts.domainUri ?? trust.origin,
        clock: () => new Date(),
      };
    })();
    return signedIn;
  };
  const app = await buildApp({
    deps: signIn,
    ...(opts.operatorToken ? { operatorToken: opts.operatorToken } : {}),
  });
  await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    app,
    storeKind: opts.databaseUrl ? 'postgres' : 'pglite',
    providerCaPath: providerCaPath(opts.dataDir),
    signIn,
    close: async () => {
      await app.close();
      // A sign-in still running uses the store's database handle only once it is done: let it settle.
      await signedIn?.catch(() => undefined);
      const store = await opening?.catch(() => undefined);
      await store?.close();
    },
  };
}
