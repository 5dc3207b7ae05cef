/** The device service's HTTP transport (strict HTTP/1.1 on node:net, CORS, limits). */
export { ALLOWED_METHODS } from './cors.ts';
export { DEFAULT_LIMITS, DEFAULT_PORT_RANGE } from './limits.ts';
export { startMdsServer } from './server.ts';
export type {
  MdsHandler,
  MdsLimits,
  MdsRequest,
  MdsResponse,
  MdsServer,
  MdsServerOptions,
  MdsStreamSink,
} from './types.ts';
