import type { InlineProjection } from '../types';

/**
 * An inline projection that keeps the append transaction of a `Held` event open until `release()`: a transaction
 * that wrote its events (and got its xid) but commits only later, after others.
 */
export class HoldingProjection implements InlineProjection {
  readonly name = 'holding';
  readonly handles = ['Held'] as const;
  private opened?: () => void;
  private release_?: () => void;
  readonly entered: Promise<void>;
  private readonly released: Promise<void>;

  constructor() {
    this.entered = new Promise((resolve) => (this.opened = resolve));
    this.released = new Promise((resolve) => (this.release_ = resolve));
  }

  async apply(): Promise<void> {
    this.opened?.();
    await this.released;
  }

  async reset(): Promise<void> {}

  release(): void {
    this.release_?.();
  }
}
