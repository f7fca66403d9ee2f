import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Asks the browser to confirm leaving the page while `active`. The listener exists only then:
 * a `beforeunload` listener keeps pages out of the back/forward cache.
 */
export class UnloadGuard implements ReactiveController {
  private listening = false;
  private wanted = false;
  private connected = false;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  set active(value: boolean) {
    this.wanted = value;
    this.apply();
  }

  hostConnected(): void {
    this.connected = true;
    this.apply();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.apply();
  }

  private readonly onBeforeUnload = (event: BeforeUnloadEvent) => {
    event.preventDefault();
    // Older browsers look at returnValue instead.
    event.returnValue = '';
  };

  private apply(): void {
    const listen = this.wanted && this.connected && typeof window !== 'undefined';
    if (listen === this.listening) return;
    this.listening = listen;
    if (listen) window.addEventListener('beforeunload', this.onBeforeUnload);
    else window.removeEventListener('beforeunload', this.onBeforeUnload);
  }
}
