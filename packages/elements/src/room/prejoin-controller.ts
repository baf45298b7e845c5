import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Room, RtcError } from '@rtc-room/core';
import { toRtcError } from '../internal/errors.js';
import type { MediaChoice } from './create-room.js';
import { loadPrejoin } from './load-prejoin.js';

/** What the {@link PrejoinController} reads and sets on `<rtc-room>`. */
export interface PrejoinHost extends ReactiveControllerHost {
  readonly prejoin: boolean;
  name: string;
  mediaChoice: MediaChoice | undefined;
  readonly roomInstance: Room | undefined;
  join(): Promise<void>;
}

/**
 * `<rtc-room prejoin>`: loads `<rtc-prejoin>` (its own chunk) once `prejoin` is set, and joins when its Join is
 * pressed, with the name and the media chosen there. A device picked for a source left off is kept for when it is
 * turned on in the call.
 */
export class PrejoinController implements ReactiveController {
  /** `<rtc-prejoin>` is defined. */
  loaded = false;
  private loading = false;

  constructor(
    private readonly host: PrejoinHost,
    private readonly failed: (error: RtcError) => void,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    if (!this.host.prejoin || this.loaded || this.loading) return;
    this.loading = true;
    loadPrejoin().then(
      () => {
        this.loaded = true;
        this.host.requestUpdate();
      },
      (error: unknown) => {
        this.loading = false;
        this.failed(toRtcError(error, 'load-failed'));
      },
    );
  }

  /** `rtc-join-request` from the pre-join screen. */
  readonly onJoinRequest = (event: GlobalEventHandlersEventMap['rtc-join-request']): void => {
    const { name, audio, video, audioDeviceId, videoDeviceId } = event.detail;
    const host = this.host;
    if (name) host.name = name;
    host.mediaChoice = { audio, video, audioDeviceId, videoDeviceId };
    host
      .join()
      .then(async () => {
        const room = host.roomInstance;
        if (!audio && audioDeviceId) await room?.switchDevice('audioinput', audioDeviceId);
        if (!video && videoDeviceId) await room?.switchDevice('videoinput', videoDeviceId);
      })
      .catch(() => undefined); // reported through the status region and rtc-error
  };
}
