import type { Room } from '@rtc-room/core';

declare global {
  interface Window {
    /** What the end-to-end test reads: the Room in use, and a way to unmount the app. */
    rtcExample?: { room?: () => Room | undefined; unmount?: () => void };
  }
}
