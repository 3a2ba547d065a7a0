export * from './resolve';
export * from './events';
