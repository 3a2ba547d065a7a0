import type { LiveFlagModel } from '@strata/flag-model';
import type { ServiceClient } from '../service-client';
import { SdkKeyCatchUp } from './sdk-key-catch-up';

/** A model that knows no key, and a projects service that holds every lookup until told to answer "no such key". */
function catchUpWithSilentProjects() {
  const pending: Array<() => void> = [];
  const live = { evaluator: { environmentOf: () => undefined }, until: async () => false } as unknown as LiveFlagModel;
  const client = { call: () => new Promise((resolve) => pending.push(() => resolve({ key: null }))) } as unknown as ServiceClient;
  return { catchUp: new SdkKeyCatchUp(live, client), pending };
}

describe('SDK key catch-up', () => {
  it('asks projects once for a key however many requests carry it at once', async () => {
    const { catchUp, pending } = catchUpWithSilentProjects();

    const waits = [catchUp.known('key-1'), catchUp.known('key-1'), catchUp.known('key-1')];
    pending.forEach((answer) => answer());
    await Promise.all(waits);

    expect(pending).toHaveLength(1);
  });

  it('holds at most 32 lookups at once: a flood of made-up keys is judged by the model alone beyond them', async () => {
    const { catchUp, pending } = catchUpWithSilentProjects();

    const waits = Array.from({ length: 40 }, (_, index) => catchUp.known(`made-up-${index}`));
    let beyond = 'waiting';
    void waits[39].then(() => (beyond = 'answered at once'));
    await new Promise(setImmediate); // every promise already settled has run its callbacks
    pending.forEach((answer) => answer());
    await Promise.all(waits);

    expect(pending).toHaveLength(32);
    expect(beyond).toBe('answered at once');
  });
});
