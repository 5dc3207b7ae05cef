// Trust-server API view shapes read by the portal and the management server.
export * from './search.ts';
