import type { Mutation, MutationBus } from './context';

/**
 * The synchronous in-process bus: `publish` returns after every listener ran, so a route that
 * publishes a change answers only once groups and the insights log have seen it (a test that
 * reads Directory Insights right after a write finds the event).
 */
export class InMemoryMutationBus implements MutationBus {
  private readonly listeners = new Set<(mutation: Mutation) => void>();

  /** Delivers `mutation` to every current listener, in subscription order. */
  publish(mutation: Mutation): void {
    // Copy first: a listener that unsubscribes while being called must not skip its neighbour.
    for (const listener of [...this.listeners]) listener(mutation);
  }

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (mutation: Mutation) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
