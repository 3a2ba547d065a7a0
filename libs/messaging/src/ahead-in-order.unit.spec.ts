import { aheadInOrder } from './ahead-in-order';

const collect = async <T>(iterable: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
};

describe('results fetched ahead and yielded in order', () => {
  it('yields every result in index order, however they settle', async () => {
    const fetch = (index: number) => new Promise<number>((resolve) => setTimeout(() => resolve(index), (5 - index) * 3));
    expect(await collect(aheadInOrder(5, fetch, 3))).toEqual([0, 1, 2, 3, 4]);
  });

  it('never has more than `inFlight` fetches outstanding beyond what was taken', async () => {
    let outstanding = 0;
    let most = 0;
    const fetch = async (index: number) => {
      most = Math.max(most, ++outstanding);
      await new Promise((resolve) => setTimeout(resolve, 1));
      outstanding--;
      return index;
    };
    await collect(aheadInOrder(20, fetch, 4));
    expect(most).toBe(4);
  });

  it('ends with the error of a failed fetch when its turn comes, after the ones before it', async () => {
    const seen: number[] = [];
    const fetch = (index: number) => (index === 2 ? Promise.reject(new Error('gone')) : Promise.resolve(index));
    await expect(
      (async () => {
        for await (const item of aheadInOrder(5, fetch, 3)) seen.push(item);
      })(),
    ).rejects.toThrow('gone');
    expect(seen).toEqual([0, 1]);
  });

  it('yields nothing for no results', async () => {
    expect(await collect(aheadInOrder(0, () => Promise.resolve(1), 2))).toEqual([]);
  });
});
