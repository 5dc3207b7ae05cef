/** A device at run time: identity, test-control settings and the one activity (capture or stream) it may run. */
import { type DeviceControl, defaultControl } from './control/control.ts';
import type { DeviceIdentity } from './identity/identity.ts';
import { type DeviceStatus, subIdsFor } from './wire/model.ts';
import type { DeviceView } from './wire/responses.ts';

export interface Activity {
  kind: 'capture' | 'stream';
  subId: string;
  abort: AbortController;
  /** Resolves when the activity has ended. */
  ended: Promise<void>;
  /** For a stream: set while an RCAPTURE on the same device has taken it over. */
  pausedByCapture?: boolean;
  /** Marks the activity ended (called by Device.end). */
  readonly finish: () => void;
}

export class Device {
  readonly control: DeviceControl = defaultControl();
  private current: Activity | undefined;

  constructor(readonly identity: DeviceIdentity) {}

  get id(): string {
    return this.identity.description.deviceId;
  }
  get type() {
    return this.identity.facts.type;
  }
  get purpose() {
    return this.identity.description.purpose;
  }
  get subIds(): string[] {
    return subIdsFor(this.identity.description.kind, this.purpose);
  }
  get activity(): Activity | undefined {
    return this.current;
  }

  /** Forced status first (operator), then Not Registered, then Busy while an activity runs. */
  status(): DeviceStatus {
    if (this.control.forcedStatus) return this.control.forcedStatus;
    if (!this.identity.registration) return 'Not Registered';
    return this.current ? 'Busy' : 'Ready';
  }

  view(): DeviceView {
    const status = this.status();
    const reg = this.identity.registration;
    const registered = status !== 'Not Registered' && reg !== undefined;
    return {
      deviceId: this.id,
      status,
      certification: this.identity.certification,
      purpose: this.purpose,
      deviceSubIds: this.subIds,
      firmware: this.identity.description.firmware,
      registered,
      deviceCode: reg?.deviceCode ?? '',
      env: registered && reg ? reg.env : 'None',
    };
  }

  /** Claims the device; undefined when another activity runs. */
  begin(kind: Activity['kind'], subId: string): Activity | undefined {
    if (this.current) return undefined;
    let finish: () => void = () => {};
    const ended = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const activity: Activity = { kind, subId, abort: new AbortController(), ended, finish: () => finish() };
    this.current = activity;
    return activity;
  }

  end(activity: Activity): void {
    if (this.current === activity) this.current = undefined;
    activity.finish();
  }
}
