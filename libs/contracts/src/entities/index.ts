export * from './segment-rules';
