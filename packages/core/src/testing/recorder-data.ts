/**
 * Resolves when any `MediaRecorder` started after this call has delivered its first non-empty data: the
 * encoder's first output, which a recording stopped earlier lacks (it is then empty). An event to wait for instead
 * of a sleep "long enough for the encoder" (1.5–2.7 s measured on a busy 2-core machine, more under load).
 * Rejects after `timeoutMs`, a generous bound.
 */
export function firstRecordedData(timeoutMs = 60_000): Promise<void> {
  const start = MediaRecorder.prototype.start;
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      MediaRecorder.prototype.start = start;
      reject(new Error(`no MediaRecorder data within ${timeoutMs} ms`));
    }, timeoutMs);
    MediaRecorder.prototype.start = function (this: MediaRecorder, timeslice?: number) {
      this.addEventListener('dataavailable', (e) => {
        if (e.data.size === 0) return;
        clearTimeout(timer);
        MediaRecorder.prototype.start = start;
        resolve();
      });
      return start.call(this, timeslice);
    };
  });
}
