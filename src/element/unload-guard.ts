import type { ReactiveControllerHost } from 'lit';

const onBeforeUnload = (event: BeforeUnloadEvent) => {
  event.preventDefault();
  // Older browsers look at returnValue instead.
  event.returnValue = '';
};

/**
 * Asks the browser to confirm leaving the page while the returned switch is on and the host is in the page.
 * The listener exists only then: a `beforeunload` listener keeps pages out of the back/forward cache.
 */
export function unloadGuard(host: ReactiveControllerHost): (active: boolean) => void {
  let wanted = false;
  let connected = false;
  let listening = false;
  const apply = () => {
    const listen = wanted && connected;
    if (listen === listening) return;
    listening = listen;
    window[listen ? 'addEventListener' : 'removeEventListener']('beforeunload', onBeforeUnload);
  };
  host.addController({
    hostConnected() {
      connected = true;
      apply();
    },
    hostDisconnected() {
      connected = false;
      apply();
    },
  });
  return (active) => {
    wanted = active;
    apply();
  };
}
