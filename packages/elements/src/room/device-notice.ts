import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Room } from '@rtc-room/core';
import { fill, type RtcRoomStrings } from './strings.js';

/**
 * `<rtc-room>`'s "Your camera stopped; now using …" notice, shown for 8 s after a camera or microphone stopped on
 * its own and another one took over. Without a replacement the Room turns the source off and emits a
 * `device-not-found` error, which the status region shows as any error.
 */
export class DeviceNotice implements ReactiveController {
  /** The notice shown now, if any. */
  text: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.text = undefined;
  }

  /** `localDeviceLost` of `room`. */
  lost(room: Room | undefined, strings: RtcRoomStrings, kind: 'audioinput' | 'videoinput', replacement: string | null): void {
    if (replacement === null) return;
    const device = kind === 'audioinput' ? strings.microphone : strings.camera;
    const label = room?.devices.find((d) => d.deviceId === replacement)?.label;
    this.text = fill(strings.deviceReplaced, { device, label: label || fill(strings.anotherDevice, { device }) });
    this.host.requestUpdate();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.text = undefined;
      this.host.requestUpdate();
    }, 8000);
  }
}
