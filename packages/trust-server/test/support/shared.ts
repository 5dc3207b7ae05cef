/**
 * What other packages' tests reuse from the trust server's test support (package export
 * `@mosip-trust/trust-server/test-support`, source only: tests run the TypeScript sources): the
 * in-process test server, the authentication world that makes real authentications, the device
 * registry's signed registrations, and the loopback OpenID provider.
 */
export { type AuthWorld, authenticateOnce, setUpAuthWorld } from './auth-fixture.ts';
export { chipKey, deviceData, onboardRegistry, type RegistryWorld, register } from './device-registry.ts';
export { startIssuer, type TestIssuer } from './oidc-issuer.ts';
export { startTestServer, type TestServer } from './server.ts';
