/** Wakes a sleeping loop early. A wake that arrives while nobody sleeps is kept for the next `sleep`. */
export class WakeSignal {
  private pending = false;
  private wakeUp?: () => void;

  wake(): void {
    this.pending = true;
    this.wakeUp?.();
  }

  /** Resolves after `ms`, or at once on a wake; true when woken. */
  sleep(ms: number): Promise<boolean> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), ms);
      const finish = (woken: boolean): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.pending = false;
        resolve(woken);
      };
      this.wakeUp = () => finish(true);
    });
  }
}
