import { PublishBatch } from './publish-batch';

const endOfTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a publish batch', () => {
  it('publishes nothing during the turn, then everything queued in it, in order', async () => {
    const batch = new PublishBatch();
    const sent: number[] = [];
    [1, 2, 3].forEach((n) => batch.send(() => sent.push(n)));
    await Promise.resolve();

    expect(sent).toEqual([]);
    await endOfTurn();
    expect(sent).toEqual([1, 2, 3]);
  });

  it('publishes at once on flush, and only once', async () => {
    const batch = new PublishBatch();
    const sent: string[] = [];
    batch.send(() => sent.push('a'));
    batch.flush();
    expect(sent).toEqual(['a']);

    batch.send(() => sent.push('b'));
    await endOfTurn();
    await endOfTurn();
    expect(sent).toEqual(['a', 'b']);
  });
});
