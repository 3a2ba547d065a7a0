export * from './tables';
export * from './resolve';
export * from './observation-batcher';
export * from './event-shape';
