/**
 * What the enclosing `describe` sets up before its first spec and tears down after its last. Helpers handed out at
 * once, before the hooks have run, read it through `current`: in hooks and specs only.
 */
export class SpecFixture<T> {
  private value?: T;

  constructor(setUp: () => Promise<T>, tearDown: (value: T) => Promise<void>) {
    beforeAll(async () => {
      this.value = await setUp();
    });
    afterAll(async () => {
      if (this.value !== undefined) await tearDown(this.value);
    });
  }

  get current(): T {
    if (this.value === undefined) throw new Error('used before the beforeAll of its describe set it up');
    return this.value;
  }
}
