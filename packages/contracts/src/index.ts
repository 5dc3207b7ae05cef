// Shapes shared across processes. Each process imports shapes from here, never from another process's package.

export * from './api/index.ts';
export * from './conformance/index.ts';
export * from './device/index.ts';
export * from './verification/index.ts';
