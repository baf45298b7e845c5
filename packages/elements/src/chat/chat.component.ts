import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import type { DataMessage, Room } from '@rtc-room/core';
import { RoomController } from '../controllers/room-controller.js';
import { toRtcError } from '../internal/errors.js';
import { emit } from '../internal/events.js';
import { tokens } from '../internal/theme.styles.js';
import styles from './chat.styles.js';

/** One line of the chat. */
export interface ChatLine {
  /** Sender's participant id (the local participant's for own lines). */
  participantId: string;
  /** Sender's display name. */
  name: string;
  text: string;
  /** When it was sent (own lines) or received. */
  time: Date;
  /** Sent by the local participant. */
  mine: boolean;
}

/** `rtc-chat-message`: a line was added (received, or sent by this participant). */
export interface RtcChatMessageDetail {
  line: ChatLine;
}

/** `rtc-chat-unread`: the unread count changed. */
export interface RtcChatUnreadDetail {
  unread: number;
}

declare module '../internal/events.js' {
  interface RtcEventDetailMap {
    'rtc-chat-message': RtcChatMessageDetail;
    'rtc-chat-unread': RtcChatUnreadDetail;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'rtc-chat-message': CustomEvent<RtcChatMessageDetail>;
    'rtc-chat-unread': CustomEvent<RtcChatUnreadDetail>;
  }
}

/** Longest line sent, in characters (UTF-16 code units). */
export const MAX_CHAT_LENGTH = 2000;
/** Lines kept; older ones are dropped. */
const MAX_LINES = 200;

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * @tagname rtc-chat
 * @summary A small text chat for the room, on `room.send()` with the topic `rtc-chat` (plain-text messages, so any
 * app can join the conversation). Shows who wrote what and when, counts lines that arrived while it was not visible.
 *
 * The list is a `role="log"` live region; the input is labelled and sends with Enter. Lines that arrive while the
 * page is hidden or the chat is not on screen (hidden, collapsed, scrolled away) count as unread until it is seen
 * again: `unread` (also the `unread` attribute) and `rtc-chat-unread` let a toolbar show a badge. Not part of the
 * main bundle: `import '@rtc-room/elements/chat/chat.js'`.
 *
 * @event rtc-chat-message - `{ line }`: a line was added (received, or sent here).
 * @event rtc-chat-unread - `{ unread }`: the number of unseen lines changed.
 * @event rtc-error - `{ error }`: sending failed (e.g. `invalid-state` before joining).
 *
 * @csspart base - The panel.
 * @csspart log - The list of lines (`role="log"`).
 * @csspart line - One line (also `line-mine` for the local participant's).
 * @csspart name - The sender's name in a line.
 * @csspart time - The time of a line (`<time>`).
 * @csspart text - The text of a line.
 * @csspart empty - Shown while there are no lines.
 * @csspart form - The input row.
 * @csspart input - The text input.
 * @csspart send-button - The send button.
 *
 * @cssproperty --rtc-chat-height - Height of the panel. Default `320px`.
 * @cssproperty --rtc-chat-mine-bg - Background of the local participant's lines. Default: the accent color, faded.
 */
export class RtcChatElement extends LitElement {
  static override styles = [tokens, styles];

  static override properties = {
    room: { attribute: false },
    topic: {},
    unread: { type: Number, reflect: true, useDefault: true },
    lines: { attribute: false },
  };

  /** The room to chat in. */
  declare room: Room | undefined;
  /** The `room.send()` topic of chat lines. Default `rtc-chat`. */
  declare topic: string;
  /** Lines that arrived while the chat was not visible. Reset when it becomes visible. */
  declare unread: number;
  /** The lines shown, oldest first (the last 200). Assign to restore a history. */
  declare lines: readonly ChatLine[];

  private readonly roomController = new RoomController(this, {
    events: [],
    listeners: { messageReceived: (m) => this.onMessage(m) },
  });
  private onScreen = false;
  private observer: IntersectionObserver | undefined;

  constructor() {
    super();
    this.room = undefined;
    this.topic = 'rtc-chat';
    this.unread = 0;
    this.lines = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.observer = new IntersectionObserver(([entry]) => {
      this.onScreen = entry?.isIntersecting ?? false;
      this.markSeen();
    });
    this.observer.observe(this);
    document.addEventListener('visibilitychange', this.markSeen);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    document.removeEventListener('visibilitychange', this.markSeen);
  }

  /** Whether the lines are on screen now (page visible and the element intersecting the viewport). */
  get seen(): boolean {
    return this.onScreen && document.visibilityState === 'visible';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('room')) this.roomController.room = this.room;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('lines')) {
      const log = this.renderRoot.querySelector('[part~=log]');
      log?.scrollTo({ top: log.scrollHeight });
    }
  }

  override render(): TemplateResult {
    return html`
      <section part="base" aria-label="Chat">
        <div part="log" role="log" aria-live="polite" aria-label="Chat messages">
          ${this.lines.map(
            (l) => html`<div part=${l.mine ? 'line line-mine' : 'line'}>
              <span part="name">${l.mine ? 'You' : l.name}</span>
              <time part="time" datetime=${l.time.toISOString()}>${clock.format(l.time)}</time>
              <p part="text">${l.text}</p>
            </div>`,
          )}
        </div>
        ${this.lines.length === 0 ? html`<p part="empty">No messages yet.</p>` : null}
        <form part="form" @submit=${this.submit}>
          <label for="input" class="visually-hidden">Message</label>
          <input id="input" part="input" autocomplete="off" maxlength=${MAX_CHAT_LENGTH} placeholder="Message" />
          <button part="send-button" type="submit">Send</button>
        </form>
      </section>
    `;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = this.renderRoot.querySelector('input')!;
    const text = input.value.trim();
    const room = this.room;
    if (!text || !room) return;
    try {
      await room.send(text, { topic: this.topic });
      input.value = '';
      const self = room.localParticipant;
      this.add({ participantId: self.id, name: self.name, text, time: new Date(), mine: true });
    } catch (error) {
      emit(this, 'rtc-error', { error: toRtcError(error) });
    }
  }

  private onMessage(m: DataMessage): void {
    if (m.topic !== this.topic || typeof m.payload !== 'string') return;
    this.add({ participantId: m.from.id, name: m.from.name, text: m.payload.slice(0, MAX_CHAT_LENGTH), time: new Date(), mine: false });
    if (!this.seen) this.setUnread(this.unread + 1);
  }

  private add(line: ChatLine): void {
    this.lines = [...this.lines, line].slice(-MAX_LINES);
    emit(this, 'rtc-chat-message', { line });
  }

  private readonly markSeen = (): void => {
    if (this.seen) this.setUnread(0);
  };

  private setUnread(unread: number): void {
    if (unread === this.unread) return;
    this.unread = unread;
    emit(this, 'rtc-chat-unread', { unread });
  }
}
