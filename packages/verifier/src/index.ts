// Public API of @mosip-trust/verifier: capture verification as MOSIP's authentication service does it.

export type {
  CaptureData,
  CaptureElement,
  CaptureRequest,
  CaptureRequestBio,
  CaptureResponse,
  DigitalId,
  Purpose,
} from './capture-input.ts';
export type {
  CaptureTrustDomain,
  DecryptionKey,
  DeviceLookup,
  DeviceRegistry,
  RegisteredDeviceRecord,
  ReplayStore,
  TrustAnchors,
  TrustMaterial,
  VerifierDependencies,
  VerifierOptions,
} from './dependencies.ts';
export { ERROR_CODES, VerifierError, type VerifierErrorCode } from './errors.ts';
export { HttpDeviceRegistry } from './http-registry.ts';
export { InMemoryDeviceRegistry, InMemoryReplayStore, InMemoryTrustAnchors } from './in-memory.ts';
export { verifyCapture } from './verify-capture.ts';
