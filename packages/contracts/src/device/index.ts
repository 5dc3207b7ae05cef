// MDS 0.9.5 wire shapes: digitalId, deviceInfo, deviceData, discovery, info and capture.
export * from './capture.ts';
export * from './common.ts';
export * from './digital-id.ts';
export * from './discovery-info.ts';
export * from './registration.ts';
