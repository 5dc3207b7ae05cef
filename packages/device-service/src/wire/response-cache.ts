/**
 * Discovery and device-info bodies, rebuilt only when what they are made of changes: each device's
 * discovery item and device-info block is kept with the inputs it was made from (the device's view, its
 * digital ID, the port and, for a signed block, the device certificate it was signed under) and reused
 * while they are the same; a body is kept as bytes while its items are the same strings. Discovery and
 * device info are asked for constantly (registration clients poll them) and between two seconds, when
 * the digital ID's dateTime changes, nothing in them does, so most requests build nothing.
 */
import type { InfoItem } from '@mosip-trust/contracts';
import type { Device } from '../device.ts';
import { asciiJson, unsignedBlock } from './json.ts';
import { type DeviceView, deviceInfoPayload, discoveryItem, statusError } from './responses.ts';

/** Every field of a view; the type makes a field added to DeviceView fail to compile until listed here. */
const VIEW_FIELDS = Object.keys({
  deviceId: true,
  status: true,
  certification: true,
  purpose: true,
  firmware: true,
  registered: true,
  deviceCode: true,
  env: true,
  deviceSubIds: true,
} satisfies Record<keyof DeviceView, true>) as (keyof DeviceView)[];

function sameView(a: DeviceView, b: DeviceView): boolean {
  return VIEW_FIELDS.every((k) => {
    const x = a[k];
    const y = b[k];
    return Array.isArray(x) && Array.isArray(y)
      ? x.length === y.length && x.every((s, i) => s === y[i])
      : x === y;
  });
}

/** What a device's block was made from; `certificate` is compared by identity (a new key brings a new one). */
interface Inputs {
  view: DeviceView;
  digitalId: string;
  port: number;
  certificate: Buffer | undefined;
}

function sameInputs(a: Inputs, b: Inputs): boolean {
  return (
    a.digitalId === b.digitalId &&
    a.port === b.port &&
    a.certificate === b.certificate &&
    sameView(a.view, b.view)
  );
}

/** A JSON array body made of item strings, kept as bytes while the items are the same strings. */
class ArrayBody {
  private items: readonly string[] = [];
  private bytes: Buffer | undefined;

  of(items: readonly string[]): Buffer {
    if (
      this.bytes === undefined ||
      items.length !== this.items.length ||
      items.some((s, i) => s !== this.items[i])
    ) {
      this.items = items;
      this.bytes = Buffer.from(`[${items.join(',')}]`, 'latin1'); // ASCII: every item is asciiJson
    }
    return this.bytes;
  }
}

export class ResponseCache {
  private readonly discoveryItems = new Map<Device, Inputs & { json: string }>();
  /** Per discovery type ('Biometric Device' or a bio type: a fixed set). */
  private readonly discoveryBodies = new Map<string, ArrayBody>();
  private readonly infoBlocks = new Map<Device, Inputs & { block: Promise<string> }>();
  private readonly infoItems = new Map<Device, { block: string; errorCode: string; json: string }>();
  private readonly infoBody = new ArrayBody();

  /** The discovery body (ASCII JSON) for these devices. */
  discovery(type: string, devices: readonly Device[], port: number): Buffer {
    const items = devices.map((d) => {
      const inputs: Inputs = {
        view: d.view(),
        digitalId: d.identity.unsignedDigitalId(),
        port,
        certificate: undefined,
      };
      let item = this.discoveryItems.get(d);
      if (!item || !sameInputs(item, inputs)) {
        item = { ...inputs, json: asciiJson(discoveryItem(inputs.view, inputs.digitalId, port)) };
        this.discoveryItems.set(d, item);
      }
      return item.json;
    });
    let body = this.discoveryBodies.get(type);
    if (!body) {
      body = new ArrayBody();
      this.discoveryBodies.set(type, body);
    }
    return body.of(items);
  }

  /** The device-info body (ASCII JSON) for these devices: signed blocks once registered, unsigned before. */
  async info(devices: readonly Device[], port: number): Promise<Buffer> {
    const items = await Promise.all(devices.map((d) => this.infoItem(d, port)));
    return this.infoBody.of(items);
  }

  private async infoItem(d: Device, port: number): Promise<string> {
    const view = d.view();
    const inputs: Inputs = {
      view,
      digitalId: view.registered ? await d.identity.signedDigitalId() : d.identity.unsignedDigitalId(),
      port,
      certificate: d.identity.deviceCertificate,
    };
    let cached = this.infoBlocks.get(d);
    if (!cached || !sameInputs(cached, inputs)) {
      const payload = deviceInfoPayload(view, inputs.digitalId, port);
      const block = view.registered
        ? d.identity.signedDeviceInfo(payload)
        : Promise.resolve(unsignedBlock(payload));
      cached = { ...inputs, block };
      this.infoBlocks.set(d, cached);
      block.catch(() => {
        if (this.infoBlocks.get(d) === cached) this.infoBlocks.delete(d);
      });
    }
    const deviceInfo = await cached.block;
    const error = statusError(view.status);
    let item = this.infoItems.get(d);
    if (!item || item.block !== deviceInfo || item.errorCode !== error.errorCode) {
      const wire: InfoItem = { deviceInfo, error };
      item = { block: deviceInfo, errorCode: error.errorCode, json: asciiJson(wire) };
      this.infoItems.set(d, item);
    }
    return item.json;
  }
}
