/** Talking must last this long before someone becomes the active speaker, in ms (debounce). */
const SWITCH_AFTER_MS = 400;

/**
 * Picks the active speaker from talking / stopped-talking reports (Janus `talking` events), debounced so brief
 * noises do not steal the spotlight. The last speaker stays active until someone else talks.
 * @internal
 */
export class ActiveSpeaker {
  private active: string | null = null;
  private readonly talkingSince = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly onChange: (id: string | null) => void) {}

  get current(): string | null {
    return this.active;
  }

  talking(id: string, talking: boolean): void {
    if (talking) {
      if (!this.talkingSince.has(id)) this.talkingSince.set(id, Date.now());
    } else {
      this.talkingSince.delete(id);
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.decide(), SWITCH_AFTER_MS);
  }

  /** A participant left: it cannot stay the speaker. */
  forget(id: string): void {
    this.talkingSince.delete(id);
    if (this.active === id) this.set(null);
  }

  private decide(): void {
    if (this.active && this.talkingSince.has(this.active)) return;
    // The one talking the longest wins.
    const next = [...this.talkingSince].sort((a, b) => a[1] - b[1])[0]?.[0];
    if (next && next !== this.active) this.set(next);
  }

  private set(id: string | null): void {
    this.active = id;
    this.onChange(id);
  }
}
