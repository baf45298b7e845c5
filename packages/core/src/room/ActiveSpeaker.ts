/** Voice must be heard across this long (ms) before its speaker takes the spotlight (debounce). */
const SWITCH_AFTER_MS = 400;
/** Gaps shorter than this (ms) do not end a talk spurt (pauses between words, a periodic beep). */
const HOLD_MS = 1000;
/** An audio level (RMS, 0–1) at or above this is voice (about −34 dBFS)… */
const START_LEVEL = 0.02;
/** …and, once someone talks, down to this (about −40 dBFS): hysteresis, so a fading voice does not flap. */
const STOP_LEVEL = 0.01;
const TICK_MS = 100;

/** One participant's current talk spurt: when it began, when voice was last heard, whether it is on right now. */
interface Spurt {
  since: number;
  last: number;
  on: boolean;
}

/**
 * Picks the active speaker from voice activity: `talking` / `stopped-talking` reports (Janus `talking` events, SFU
 * rooms) or sampled audio levels (`level()`, mesh rooms). A participant's talk spurt survives gaps shorter than
 * 1 s; it wins the spotlight once voice was heard across 400 ms of it, so one cough or click does not. The speaker
 * keeps the spotlight while talking and stays the last speaker until someone else talks.
 * @internal
 */
export class ActiveSpeaker {
  private active: string | null = null;
  private readonly spurts = new Map<string, Spurt>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly onChange: (id: string | null) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get current(): string | null {
    return this.active;
  }

  /** A talking (`true`) / stopped-talking (`false`) report. */
  talking(id: string, on: boolean): void {
    const spurt = this.spurts.get(id);
    if (on) this.voice(id, true);
    else if (spurt?.on) Object.assign(spurt, { on: false, last: this.now() });
  }

  /** One audio level sample (0–1, RMS over the last interval) of a participant. */
  level(id: string, level: number): void {
    const spurt = this.spurts.get(id);
    if (level >= (spurt ? STOP_LEVEL : START_LEVEL)) this.voice(id, false);
    else if (spurt) spurt.on = false;
  }

  /** A participant muted: its spurt ends now (a muted participant never becomes the speaker). */
  silence(id: string): void {
    this.spurts.delete(id);
  }

  /** A participant left: it cannot stay the speaker. */
  forget(id: string): void {
    this.spurts.delete(id);
    if (this.active === id) this.set(null);
  }

  stop(): void {
    this.spurts.clear();
    this.tick();
  }

  /** Re-evaluates (every 100 ms while anyone's spurt is open). @internal */
  tick(): void {
    const now = this.now();
    for (const [id, s] of this.spurts) {
      if (s.on) s.last = now;
      else if (now - s.last > HOLD_MS) this.spurts.delete(id);
    }
    if (this.spurts.size === 0) this.timer = void clearInterval(this.timer);
    if (this.active && this.spurts.has(this.active)) return;
    // Of those heard long enough, the one talking the longest wins.
    let next: [string, Spurt] | undefined;
    for (const entry of this.spurts) {
      const s = entry[1];
      if (s.last - s.since >= SWITCH_AFTER_MS && (!next || s.since < next[1].since)) next = entry;
    }
    if (next && next[0] !== this.active) this.set(next[0]);
  }

  private voice(id: string, on: boolean): void {
    const now = this.now();
    const spurt = this.spurts.get(id);
    if (spurt && (spurt.on || now - spurt.last <= HOLD_MS)) Object.assign(spurt, { last: now, on });
    else this.spurts.set(id, { since: now, last: now, on });
    this.timer ??= setInterval(() => this.tick(), TICK_MS);
  }

  private set(id: string | null): void {
    this.active = id;
    this.onChange(id);
  }
}
