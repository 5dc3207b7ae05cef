import { AuthResponseBody } from '@mosip-trust/contracts';
import type { DeviceRegistry, ReplayStore } from '@mosip-trust/verifier';
import { Type } from '@sinclair/typebox';
import { PUBLIC } from '../../http/access.ts';
import type { TrustModule } from '../../http/module.ts';
import { AuthTransactionWriter } from '../../queries/auth-transaction-writer.ts';
import { HotCache } from './cache.ts';
import { type BioMatcher, noMatcher } from './matcher.ts';
import { StoreReplayStore } from './replay-store.ts';
import { authenticate } from './service.ts';
import { cachedDeviceRegistry, storeDeviceRegistry, storeTrustAnchors } from './verifier-deps.ts';

export interface AuthApiOptions {
  /** Decides whether verified captures match the individual; default: none (says no match was performed). */
  matcher?: BioMatcher;
  /** The device registry the verifier asks (docs/verifier.md); default: the trust server's own (registered_devices). */
  deviceRegistry?: (deps: Parameters<TrustModule['register']>[1]) => DeviceRegistry;
  /**
   * Replay protection of capture transaction ids (default: the capture_replay table, shared by every process
   * on the database). `false` turns it off:
   * only for benchmarks that send the same captures again and again.
   */
  replayStore?: ReplayStore | false;
  /** Hot-cache entry lifetime (ms), a bound on staleness should a notification ever be lost. */
  cacheTtlMs?: number;
}

const Params = Type.Object({
  licenseKey: Type.String({ maxLength: 128 }),
  partnerId: Type.String({ maxLength: 64 }),
  apiKey: Type.String({ maxLength: 128 }),
});

/**
 * POST /idauthentication/v1/auth/{MISP-LK}/{partnerId}/{apiKey} (docs/trust-server.md, "Authentication
 * API"). Public as IDA's: the partner's signature header authenticates the call. The body is taken raw
 * (the signature covers its bytes) whatever its content type, and judged by the service, so that every
 * call, bad input included, leaves its transaction row.
 */
export function createAuthApiModule(options: AuthApiOptions = {}): TrustModule {
  return {
    name: 'auth-api',
    async register(app, deps) {
      const cache = new HotCache(options.cacheTtlMs);
      if (deps.listen) {
        const notifications = await deps.listen('trust_cache', cache);
        cache.attach(notifications);
        app.addHook('onClose', () => notifications.close());
      }
      const registry = options.deviceRegistry?.(deps) ?? storeDeviceRegistry(deps.db, deps.clock);
      const ctx = {
        deps,
        cache,
        trustAnchors: storeTrustAnchors(deps.db, cache, deps.clock),
        deviceRegistry: cachedDeviceRegistry(registry, cache),
        replayStore: options.replayStore === false ? undefined : (options.replayStore ?? new StoreReplayStore(deps.db, deps.clock)),
        matcher: options.matcher ?? noMatcher,
        transactions: new AuthTransactionWriter(deps.db),
      };
      await app.register(async (scope) => {
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
        scope.post<{ Params: { licenseKey: string; partnerId: string; apiKey: string }; Body: Buffer }>(
          '/idauthentication/v1/auth/:licenseKey/:partnerId/:apiKey',
          {
            config: { access: PUBLIC },
            schema: {
              tags: ['authentication'],
              summary: 'Authenticate an individual through a MISP licence (MOSIP IDA AuthRequestDTO)',
              description:
                'Headers: `signature` (detached JWS of the partner over the raw body, x5c[0] the partner certificate), `content-type: application/json`. Body: MOSIP AuthRequestDTO with `request` encrypted to the platform encryption certificate. Every call is logged with its decision trace.',
              params: Params,
              // 413 (body too large) is the app's own answer, in the trust server's error envelope.
              response: {
                200: AuthResponseBody,
                400: AuthResponseBody,
                401: AuthResponseBody,
                403: AuthResponseBody,
                415: AuthResponseBody,
              },
            },
          },
          async (request, reply) => {
            const signature = request.headers.signature;
            const outcome = await authenticate(ctx, {
              licenseKey: request.params.licenseKey,
              partnerId: request.params.partnerId,
              apiKey: request.params.apiKey,
              contentType: request.headers['content-type'],
              signature: typeof signature === 'string' ? signature : undefined,
              rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
            });
            return reply.code(outcome.status).send(outcome.body);
          },
        );
      });
    },
  };
}

export const authApiModule = createAuthApiModule();
