/** Listener signatures by event name: each event's arguments as a tuple. */
export type EventMap<M> = { [K in keyof M]: unknown[] };

/** A listener of event `E`. */
export type Listener<M extends EventMap<M>, E extends keyof M> = (...args: M[E]) => void;

/**
 * A small typed event emitter with `on`, `off` and `once`, browser-safe (no `node:events`). A listener that
 * throws does not stop the others; the first error is rethrown asynchronously, so it surfaces as an uncaught
 * error rather than breaking the stream that emitted it.
 *
 * @example
 * ```ts
 * class Clock extends TypedEmitter<{ tick: [n: number] }> {}
 * new Clock().on('tick', (n) => console.log(n));
 * ```
 */
export class TypedEmitter<M extends EventMap<M>> {
  #listeners = new Map<keyof M, Set<unknown>>();

  /** Adds a listener; returns `this` for chaining. */
  on<E extends keyof M>(event: E, listener: Listener<M, E>): this {
    let set = this.#listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return this;
  }

  /** Removes a listener added with `on` or `once`. */
  off<E extends keyof M>(event: E, listener: Listener<M, E>): this {
    this.#listeners.get(event)?.delete(listener);
    return this;
  }

  /** Adds a listener that is removed after its first call. */
  once<E extends keyof M>(event: E, listener: Listener<M, E>): this {
    const wrapper = ((...args: M[E]) => {
      this.off(event, wrapper);
      listener(...args);
    }) as Listener<M, E>;
    return this.on(event, wrapper);
  }

  /** How many listeners `event` has. */
  listenerCount(event: keyof M): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  /** Calls every listener of `event` with `args`; true if there was one. */
  protected emit<E extends keyof M>(event: E, ...args: M[E]): boolean {
    const set = this.#listeners.get(event);
    if (set === undefined || set.size === 0) return false;
    let failure: { error: unknown } | undefined;
    for (const listener of [...set]) {
      try {
        (listener as (...a: M[E]) => void)(...args);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== undefined) {
      const { error } = failure;
      queueMicrotask(() => {
        throw error;
      });
    }
    return true;
  }
}
