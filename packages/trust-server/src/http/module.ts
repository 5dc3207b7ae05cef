import type { FastifyInstance } from 'fastify';
import type { TrustDeps } from '../deps.ts';

/** A group of routes. Listed in src/http/modules.ts. Routes validate, call a service, wrap the envelope. */
export interface TrustModule {
  name: string;
  register(app: FastifyInstance, deps: TrustDeps): void | Promise<void>;
}
