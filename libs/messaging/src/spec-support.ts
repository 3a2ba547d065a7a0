import { randomBytes } from 'node:crypto';

export const natsUrl = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
export const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema and a NATS prefix of this spec file's own, so parallel runs never meet. */
export function testNamespace(label: string): { schema: string; prefix: string } {
  const hex = randomBytes(4).toString('hex');
  return { schema: `t_${hex}_${label}`, prefix: `t${hex}.` };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise to resolve from outside: holds a handler mid-flight until the spec lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
