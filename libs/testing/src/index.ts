export * from './decider-spec';
export * from './integration-kit';
export * from './system';
