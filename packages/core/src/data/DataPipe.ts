/** Above this many bytes queued in a channel, reliable sends wait for `bufferedamountlow`. */
const HIGH_WATER = 1 << 20;
/** `bufferedAmountLowThreshold`: sending resumes once the queue drained to this, in bytes. */
const LOW_WATER = 1 << 18;

/**
 * One `RTCDataChannel` carrying rtc-room message chunks, with backpressure: reliable chunks are queued in order and
 * written only while the channel's `bufferedAmount` is under {@link HIGH_WATER} (then it waits for
 * `bufferedamountlow`), so a 10 MB message never overruns the browser's send buffer nor blocks the page.
 * Unreliable chunks never wait: they are dropped while the channel is not open or is backlogged.
 * @internal
 */
export class DataPipe {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly channel: RTCDataChannel,
    onData: (data: ArrayBuffer) => void,
  ) {
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = LOW_WATER;
    channel.addEventListener('message', ({ data }) => data instanceof ArrayBuffer && onData(data));
  }

  /**
   * Writes `chunks`; resolves once all of them are in the channel's buffer. Resolves without sending the rest when
   * the channel closes (the peer left or the connection was replaced).
   */
  send(chunks: Uint8Array<ArrayBuffer>[], reliable: boolean): Promise<void> {
    const ch = this.channel;
    if (!reliable) {
      if (ch.readyState === 'open' && ch.bufferedAmount < HIGH_WATER) ch.send(chunks[0]!);
      return Promise.resolve();
    }
    const run = this.tail.then(async () => {
      for (const c of chunks) {
        while (ch.readyState !== 'open' || ch.bufferedAmount > HIGH_WATER) {
          if (ch.readyState === 'closing' || ch.readyState === 'closed') return;
          await next(ch, ch.readyState === 'open' ? 'bufferedamountlow' : 'open');
        }
        ch.send(c);
      }
    });
    this.tail = run.catch(() => undefined);
    return run;
  }
}

/** Resolves on the channel's next `type` event, or when it closes. */
function next(ch: RTCDataChannel, type: 'open' | 'bufferedamountlow'): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      ch.removeEventListener(type, done);
      ch.removeEventListener('close', done);
      resolve();
    };
    ch.addEventListener(type, done);
    ch.addEventListener('close', done);
  });
}
