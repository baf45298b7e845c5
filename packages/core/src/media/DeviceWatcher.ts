/**
 * Follows the list of media devices: `enumerateDevices()` now and on every `devicechange`
 * (W3C Media Capture and Streams §9.2). Reports the list only when it actually changed (ids, kinds or labels).
 * @internal
 */
export class DeviceWatcher {
  private devices: MediaDeviceInfo[] = [];
  private signature = '';
  private started = false;
  private readonly onChange = (): void => void this.refresh();

  constructor(private readonly onDevices: (devices: MediaDeviceInfo[]) => void) {}

  /** The last list seen. */
  get current(): readonly MediaDeviceInfo[] {
    return this.devices;
  }

  /** Starts listening for `devicechange`. */
  start(): void {
    if (this.started || typeof navigator === 'undefined' || !navigator.mediaDevices) return;
    this.started = true;
    navigator.mediaDevices.addEventListener('devicechange', this.onChange);
  }

  /** Stops listening. */
  stop(): void {
    if (!this.started) return;
    this.started = false;
    navigator.mediaDevices.removeEventListener('devicechange', this.onChange);
  }

  /** Enumerates now; calls `onDevices` if the list differs from the last one. */
  async refresh(): Promise<MediaDeviceInfo[]> {
    if (typeof navigator === 'undefined' || !navigator.mediaDevices?.enumerateDevices) return [];
    const devices = await navigator.mediaDevices.enumerateDevices();
    const signature = devices.map((d) => `${d.kind}|${d.deviceId}|${d.label}`).join('\n');
    if (signature !== this.signature) {
      this.signature = signature;
      this.devices = devices;
      this.onDevices(devices);
    }
    return devices;
  }
}
