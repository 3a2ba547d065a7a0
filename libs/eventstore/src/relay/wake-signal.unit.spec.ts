import { WakeSignal } from './wake-signal';

describe('WakeSignal', () => {
  it('ends a sleep early on a wake', async () => {
    const signal = new WakeSignal();
    const sleeping = signal.sleep(60_000);
    signal.wake();

    await expect(sleeping).resolves.toBe(true);
  });

  it('keeps a wake that came while nobody slept, once', async () => {
    const signal = new WakeSignal();
    signal.wake();

    await expect(signal.sleep(60_000)).resolves.toBe(true);
    await expect(signal.sleep(1)).resolves.toBe(false);
  });
});
