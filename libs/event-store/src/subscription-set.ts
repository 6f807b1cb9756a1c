import type { Subscription } from './event-store.port.js';

/**
 * The live subscriptions of one store, so that close() can stop those still running. A
 * subscription leaves the set when it ends, by stop() or by failing, so a long-lived store that
 * is subscribed to many times does not keep the ended ones.
 */
export class SubscriptionSet {
  readonly #live = new Set<Subscription>();

  /** Keeps `subscription` until it ends; returns it. */
  add(subscription: Subscription): Subscription {
    this.#live.add(subscription);
    const forget = () => this.#live.delete(subscription);
    subscription.done.then(forget, forget);
    return subscription;
  }

  get size(): number {
    return this.#live.size;
  }

  /** Stops every live subscription; resolves when none of their handlers is running. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.#live].map((subscription) => subscription.stop()));
  }
}
