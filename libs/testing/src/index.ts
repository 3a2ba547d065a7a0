export * from './child-output';
export * from './decider-spec';
export * from './eventually';
export * from './integration-kit';
export * from './spec-fixture';
export * from './system';
export * from './cli';
export * from './spec-nats';
