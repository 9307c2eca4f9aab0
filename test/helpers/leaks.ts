// Observers for what a long-lived page can leak: object URLs, event listeners, audio contexts. Each wraps the real
// API, delegates to it, and restores it.

/** Object URLs made and not yet revoked; only for blobs whose type matches `only` (library worker URLs are not takes). */
export function watchObjectUrls(only: (object: Blob | MediaSource) => boolean = () => true) {
  const made = new Set<string>();
  const create = URL.createObjectURL;
  const revoke = URL.revokeObjectURL;
  URL.createObjectURL = (object) => {
    const url = create(object);
    if (only(object)) made.add(url);
    return url;
  };
  URL.revokeObjectURL = (url) => {
    made.delete(url);
    revoke(url);
  };
  return {
    unrevoked: () => [...made],
    restore() {
      URL.createObjectURL = create;
      URL.revokeObjectURL = revoke;
    },
  };
}

export const isVideoBlob = (object: Blob | MediaSource) => object instanceof Blob && object.type.startsWith('video/');

type Listener = EventListenerOrEventListenerObject;

/**
 * Net listener registrations per target, with the DOM's own rules: the same (type, listener, capture) registers
 * once; removing an unknown one does nothing; `once` and `signal` registrations end by themselves.
 */
export function watchListeners(isWatched: (target: EventTarget) => boolean) {
  const registered = new Map<EventTarget, Map<string, Set<Listener>>>();
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  const keyOf = (type: string, options?: boolean | EventListenerOptions) =>
    `${type}|${typeof options === 'boolean' ? options : Boolean(options?.capture)}`;
  const forget = (target: EventTarget, key: string, listener: Listener) =>
    registered.get(target)?.get(key)?.delete(listener);

  EventTarget.prototype.addEventListener = function (
    this: EventTarget,
    type: string,
    listener: Listener | null,
    options?: boolean | AddEventListenerOptions,
  ) {
    add.call(this, type, listener, options);
    if (!listener || !isWatched(this)) return;
    const key = keyOf(type, options);
    const byKey = registered.get(this) ?? new Map<string, Set<Listener>>();
    registered.set(this, byKey);
    const listeners = byKey.get(key) ?? new Set<Listener>();
    byKey.set(key, listeners);
    if (listeners.has(listener)) return;
    listeners.add(listener);
    if (typeof options === 'object' && options.once) {
      // Fires after the listener itself (registered later), so the registration is over by then.
      add.call(this, type, () => forget(this, key, listener), { once: true, capture: options.capture ?? false });
    }
    if (typeof options === 'object' && options.signal) {
      const signal = options.signal;
      if (signal.aborted) forget(this, key, listener);
      else add.call(signal, 'abort', () => forget(this, key, listener), { once: true });
    }
  };
  EventTarget.prototype.removeEventListener = function (
    this: EventTarget,
    type: string,
    listener: Listener | null,
    options?: boolean | EventListenerOptions,
  ) {
    remove.call(this, type, listener, options);
    if (listener) forget(this, keyOf(type, options), listener);
  };

  return {
    /** Net registrations on the watched targets, per target kind and event type, e.g. `Window pagehide: 1`. */
    counts(): Record<string, number> {
      const counts: Record<string, number> = {};
      for (const [target, byKey] of registered) {
        for (const [key, listeners] of byKey) {
          if (listeners.size === 0) continue;
          const name = `${target.constructor.name} ${key.split('|')[0]}`;
          counts[name] = (counts[name] ?? 0) + listeners.size;
        }
      }
      return counts;
    },
    restore() {
      EventTarget.prototype.addEventListener = add;
      EventTarget.prototype.removeEventListener = remove;
    },
  };
}

/** Every AudioContext made while watching (the element reads `globalThis.AudioContext` when it opens the camera). */
export function watchAudioContexts() {
  const Original = globalThis.AudioContext;
  const made: AudioContext[] = [];
  globalThis.AudioContext = class extends Original {
    constructor(options?: AudioContextOptions) {
      super(options);
      made.push(this);
    }
  };
  return {
    made,
    restore() {
      globalThis.AudioContext = Original;
    },
  };
}
