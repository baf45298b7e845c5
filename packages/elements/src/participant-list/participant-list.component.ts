import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Participant, Room } from '@rtc-room/core';
import { RoomController } from '../controllers/room-controller.js';
import { toRtcError } from '../internal/errors.js';
import { emit } from '../internal/events.js';
import { icon } from '../internal/icons.js';
import { tokens } from '../internal/theme.styles.js';
import styles from './participant-list.styles.js';

/**
 * Everyone in the call, you first: name, "(you)", role, microphone and camera state, who is speaking, who shares a
 * screen, and connection quality once measured. A list (`role="list"`) whose rows take the focus with the arrow
 * keys (Home / End too); the row actions are ordinary buttons.
 *
 * When the local participant is a `moderator` (room token role), each other participant has a "More actions"
 * menu button (WAI-ARIA APG menu button: Enter / Space / Arrow Down open it, arrows move, Escape closes and returns
 * the focus) with **Mute** (`room.moderation.muteParticipant`) and **Remove** (`removeParticipant`), and the panel
 * has a **Lock room** toggle (`lockRoom`). Nobody else sees them. A refused action dispatches `rtc-error`.
 *
 * @tagname rtc-participant-list
 * @summary The participant list panel of a call (`<rtc-room>` opens it from the controls).
 *
 * @event {CustomEvent<RtcTogglePanelDetail>} rtc-toggle-participants - `{ visible: false }`: Escape or the close button in a `panel`. Cancelable.
 * @event {CustomEvent<RtcErrorDetail>} rtc-error - `{ error }`: a moderation action was refused (`forbidden`, `unknown-peer`…).
 *
 * @csspart base - The panel (a labelled `role="region"`).
 * @csspart header - The title row (title, count, lock and close buttons).
 * @csspart title - The title.
 * @csspart list - The list (`role="list"`).
 * @csspart participant - Each row; also `local`, `speaking` on the matching rows.
 * @csspart name - Each name.
 * @csspart badge - "You", "Moderator" labels.
 * @csspart indicator - Each state icon (also `mic-off`, `camera-off`, `screen`, `quality`).
 * @csspart menu-button - A moderator's per-participant "More actions" button.
 * @csspart menu - The open action menu (`role="menu"`).
 * @csspart menu-item - Each menu action (also `mute-item`, `remove-item`).
 * @csspart lock-button - A moderator's "Lock room" toggle (`aria-pressed`).
 * @csspart close-button - The close button of a `panel`.
 *
 * @cssproperty --rtc-participant-list-width - Width of the panel. Default `min(320px, 100%)`.
 */
export class RtcParticipantListElement extends LitElement {
  static override styles = [tokens, styles];

  static override properties = {
    room: { attribute: false },
    panel: { type: Boolean, reflect: true, useDefault: true },
    speakerId: { attribute: 'speaker-id' },
    menuFor: { state: true },
  };

  /** The room whose participants are listed. */
  declare room: Room | undefined;
  /** Shown as a panel opened by a button: takes the focus when added, Escape and the close button close it. */
  declare panel: boolean;
  /** Id of the participant speaking now (the row is marked `speaking`). */
  declare speakerId: string | undefined;
  /** The participant whose action menu is open. */
  private declare menuFor: string | undefined;

  private readonly roomController = new RoomController(this);
  /** What had the focus when the panel opened, for Escape. */
  private opener: HTMLElement | undefined;

  constructor() {
    super();
    this.room = undefined;
    this.panel = false;
    this.speakerId = undefined;
    this.menuFor = undefined;
    this.addEventListener('keydown', this.onKeyDown);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.panel) return;
    this.opener = deepActiveElement();
    void this.updateComplete.then(() => this.isConnected && this.rows()[0]?.focus());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('room')) this.roomController.room = this.room;
  }

  override render(): TemplateResult {
    const room = this.room;
    const everyone: Participant[] = room ? [room.localParticipant, ...room.participants.values()] : [];
    const moderator = room?.localParticipant.role === 'moderator';
    return html`<section part="base" role="region" aria-labelledby="title">
      <div part="header">
        <h2 part="title" id="title">People <span class="count">(${everyone.length})</span></h2>
        ${moderator && room
          ? html`<button type="button" part="lock-button" aria-pressed=${String(room.moderation.locked)} @click=${this.toggleLock}>
              ${room.moderation.locked ? 'Room locked' : 'Lock room'}
            </button>`
          : nothing}
        ${this.panel
          ? html`<button type="button" part="close-button" class="icon-button" aria-label="Close people" @click=${this.close}>${icon('close')}</button>`
          : nothing}
      </div>
      <ul part="list" role="list" aria-label="Participants" @keydown=${this.onListKeyDown}>
        ${repeat(everyone, (p) => p.id || 'local', (p, index) => this.renderRow(p, index, moderator))}
      </ul>
    </section>`;
  }

  private renderRow(p: Participant, index: number, moderator: boolean): TemplateResult {
    const speaking = !p.isLocal && p.id === this.speakerId;
    const micOff = !p.isMicrophoneEnabled;
    const camOff = !p.isCameraEnabled;
    const quality = p.connectionQuality?.quality;
    const states = [micOff ? 'microphone off' : 'microphone on', camOff ? 'camera off' : 'camera on'];
    if (speaking) states.push('speaking');
    if (p.screenTrack) states.push('sharing screen');
    if (quality) states.push(`connection ${quality}`);
    const parts = ['participant', p.isLocal ? 'local' : '', speaking ? 'speaking' : ''].filter(Boolean).join(' ');
    return html`<li part=${parts} tabindex=${index === 0 ? '0' : '-1'} data-participant-id=${p.id} aria-label=${`${p.name}${p.isLocal ? ' (you)' : ''}, ${states.join(', ')}`}>
      <span part="name">${p.name}</span>
      ${p.isLocal ? html`<span part="badge">You</span>` : nothing}
      ${p.role === 'moderator' ? html`<span part="badge">Moderator</span>` : nothing}
      <span class="indicators" aria-hidden="true">
        ${speaking ? html`<span part="indicator speaking-indicator" class="speaking-dot"></span>` : nothing}
        ${p.screenTrack ? html`<span part="indicator screen">${icon('screenShare')}</span>` : nothing}
        <span part=${micOff ? 'indicator mic-off' : 'indicator mic'}>${icon(micOff ? 'micOff' : 'mic')}</span>
        <span part=${camOff ? 'indicator camera-off' : 'indicator camera'}>${icon(camOff ? 'cameraOff' : 'camera')}</span>
        ${quality ? html`<span part="indicator quality" data-quality=${quality}>${quality}</span>` : nothing}
      </span>
      ${moderator && !p.isLocal ? this.renderMenu(p) : nothing}
    </li>`;
  }

  private renderMenu(p: Participant): TemplateResult {
    const open = this.menuFor === p.id;
    return html`<span class="menu-anchor">
      <button
        type="button"
        part="menu-button"
        class="icon-button"
        aria-label=${`More actions for ${p.name}`}
        aria-haspopup="menu"
        aria-expanded=${String(open)}
        @click=${() => this.openMenu(open ? undefined : p.id)}
        @keydown=${(e: KeyboardEvent) => e.key === 'ArrowDown' && (e.preventDefault(), this.openMenu(p.id))}
      >⋮</button>
      ${open
        ? html`<div part="menu" role="menu" aria-label=${`Actions for ${p.name}`} @keydown=${this.onMenuKeyDown}>
            <button type="button" role="menuitem" part="menu-item mute-item" tabindex="-1" ?disabled=${!p.isMicrophoneEnabled} @click=${() => this.act(p, 'mute')}>
              Mute
            </button>
            <button type="button" role="menuitem" part="menu-item remove-item" tabindex="-1" @click=${() => this.act(p, 'remove')}>Remove from call</button>
          </div>`
        : nothing}
    </span>`;
  }

  private rows(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[part~="participant"]')];
  }

  private async openMenu(id: string | undefined): Promise<void> {
    this.menuFor = id;
    if (id === undefined) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[role="menuitem"]:not([disabled])')?.focus();
  }

  private async closeMenu(): Promise<void> {
    const id = this.menuFor;
    this.menuFor = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-participant-id="${CSS.escape(id ?? '')}"] [part~="menu-button"]`)?.focus();
  }

  private async act(p: Participant, action: 'mute' | 'remove'): Promise<void> {
    const room = this.room;
    await this.closeMenu();
    if (!room) return;
    try {
      if (action === 'mute') await room.moderation.muteParticipant(p.id);
      else await room.moderation.removeParticipant(p.id);
    } catch (error) {
      emit(this, 'rtc-error', { error: toRtcError(error) });
    }
  }

  private readonly toggleLock = async (): Promise<void> => {
    const room = this.room;
    if (!room) return;
    try {
      await room.moderation.lockRoom(!room.moderation.locked);
    } catch (error) {
      emit(this, 'rtc-error', { error: toRtcError(error) });
    }
  };

  /** Arrow keys, Home and End move the focus between rows (roving tabindex, WAI-ARIA APG). */
  private readonly onListKeyDown = (event: KeyboardEvent): void => {
    const rows = this.rows();
    const current = rows.indexOf(event.target as HTMLElement);
    if (current < 0) return;
    const next = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: rows.length - 1 }[event.key];
    if (next === undefined || next < 0 || next >= rows.length) return;
    event.preventDefault();
    rows.forEach((row, i) => (row.tabIndex = i === next ? 0 : -1));
    rows[next]?.focus();
  };

  private readonly onMenuKeyDown = (event: KeyboardEvent): void => {
    const items = [...this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])')];
    const current = items.indexOf(event.target as HTMLElement);
    if (event.key === 'Escape' || event.key === 'Tab') {
      if (event.key === 'Escape') event.preventDefault();
      event.stopPropagation();
      void this.closeMenu();
      return;
    }
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step === 0 || items.length === 0) return;
    event.preventDefault();
    event.stopPropagation();
    items[(current + step + items.length) % items.length]?.focus();
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (!this.panel || event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    this.close();
  };

  private readonly close = (): void => {
    const opener = this.opener;
    if (emit(this, 'rtc-toggle-participants', { visible: false }, { cancelable: true }).defaultPrevented) return;
    if (opener?.isConnected) opener.focus();
  };
}

/** The focused element, looking inside shadow roots (the button that opened the panel lives in one). */
function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : undefined;
}
