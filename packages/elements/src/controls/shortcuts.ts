import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The call's keyboard shortcuts, as in Google Meet: Ctrl+D (⌘+D on a Mac) turns the microphone on or off, Ctrl+E
 * (⌘+E) the camera, Ctrl+Alt+P (⌘+Option+P) shows or hides the people panel. The value of each button's
 * `aria-keyshortcuts` (WAI-ARIA 1.2): Control or Meta, both accepted.
 */
export const SHORTCUTS = {
  microphone: 'Control+D Meta+D',
  camera: 'Control+E Meta+E',
  participants: 'Control+Alt+P Meta+Alt+P',
} as const;

/** What the shortcuts act on. */
export interface ShortcutHost extends ReactiveControllerHost {
  /** No shortcuts (the `no-shortcuts` attribute). */
  readonly noShortcuts: boolean;
  /** Presses the button of `which` (as a click would: cancelable `rtc-toggle-*` first). */
  shortcut(which: keyof typeof SHORTCUTS): void;
}

/** Is the key press aimed at a form field (an input, a textarea, a select) or an editable element? */
function typing(event: KeyboardEvent): boolean {
  const target = event.composedPath()[0];
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/**
 * The key of a shortcut press, or `undefined`: Ctrl or ⌘ (one of them), no Shift, not repeated; Alt only with P
 * (matched by its physical key, `code`: Option+P types "π" on a Mac).
 */
function which(event: KeyboardEvent): keyof typeof SHORTCUTS | undefined {
  if (event.ctrlKey === event.metaKey || event.shiftKey || event.repeat || event.isComposing) return undefined;
  if (event.altKey) return event.code === 'KeyP' ? 'participants' : undefined;
  const key = event.key.toLowerCase();
  return key === 'd' ? 'microphone' : key === 'e' ? 'camera' : undefined;
}

/**
 * Listens for the shortcuts on the document while the host is in it. A press while typing (the chat, the name
 * field) is left to the text; one already handled (`defaultPrevented`: another `<rtc-controls>` took it, or the
 * page did) is ignored. A handled press prevents the browser's own (Ctrl+D bookmarks the page, Ctrl+E searches).
 */
export class ShortcutController implements ReactiveController {
  constructor(private readonly host: ShortcutHost) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('keydown', this.onKeyDown);
  }

  hostDisconnected(): void {
    document.removeEventListener('keydown', this.onKeyDown);
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (this.host.noShortcuts || event.defaultPrevented) return;
    const action = which(event);
    if (!action || typing(event)) return;
    event.preventDefault();
    this.host.shortcut(action);
  };
}
