/**
 * Commands the device provider's management server queued for its devices (key rotation,
 * de-registration, SBI update), fetched per registered device with a request signed by the device key
 * (docs/device-service.md). The management server cannot start a capture: no command kind does.
 */
import type { DeviceCommand } from '@mosip-trust/contracts';
import { millisTimestamp, signJws } from '@mosip-trust/crypto';
import type { Logger } from 'pino';
import type { Device } from '../device.ts';
import { asciiJson } from '../wire/json.ts';
import type { HttpManagementClient } from './management-client.ts';
import { rotateDeviceKey } from './provisioning.ts';
import type { StateStore } from './state-store.ts';

async function apply(
  store: StateStore,
  device: Device,
  client: HttpManagementClient,
  command: DeviceCommand,
) {
  const identity = device.identity;
  if (command.kind === 'rotate-key') await rotateDeviceKey(store, identity, client);
  else if (command.kind === 'deregister') {
    identity.deregister();
    await identity.save(store);
  }
  // 'sbi-update' names an approved version and binary hash; installing software is the operator's step.
}

/** Asks once for every device registered through the management server; returns what was applied. */
export async function pollCommands(
  store: StateStore,
  devices: ReadonlyMap<string, Device>,
  client: HttpManagementClient,
  logger?: Logger,
): Promise<DeviceCommand[]> {
  const applied: DeviceCommand[] = [];
  for (const device of devices.values()) {
    const registration = device.identity.registration;
    if (registration?.via !== 'management-server') continue;
    try {
      const request = await signJws(
        asciiJson({ deviceCode: registration.deviceCode, timestamp: millisTimestamp() }),
        device.identity.deviceSigner(),
      );
      for (const command of await client.fetchCommands(request)) {
        await apply(store, device, client, command);
        applied.push(command);
        logger?.info(
          { deviceId: device.id, command: command.kind, details: command.details },
          'management command',
        );
      }
    } catch (e) {
      logger?.warn({ deviceId: device.id }, `management commands: ${(e as Error).message}`);
    }
  }
  return applied;
}

/** Polls every `intervalMs`; returns the function that stops it. */
export function startCommandPolling(
  store: StateStore,
  devices: ReadonlyMap<string, Device>,
  client: HttpManagementClient,
  intervalMs: number,
  logger?: Logger,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void pollCommands(store, devices, client, logger).finally(() => {
      running = false;
    });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
