import type { ReactiveController, ReactiveElement } from 'lit';

/**
 * Keyboard users must not be dropped to the page when the button they pressed goes away (start → stop → review):
 * focus moves to the next state's first button, if focus was inside.
 */
export class FocusController implements ReactiveController {
  private focusLost = false;

  constructor(private readonly host: ReactiveElement) {
    host.addController(this);
  }

  hostUpdate(): void {
    if (this.host.shadowRoot?.activeElement) this.focusLost = true;
  }

  hostUpdated(): void {
    const root = this.host.shadowRoot;
    if (!root) return;
    if (root.activeElement) this.focusLost = false;
    else if (this.focusLost) {
      const next = root.querySelector<HTMLElement>('[part~="button"]');
      if (next) {
        next.focus();
        this.focusLost = false;
      }
    }
  }
}
