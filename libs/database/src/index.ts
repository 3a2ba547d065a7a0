export * from './database';
export * from './migrations';
export { whileHolding, type Held } from './session-lock';
