export * from './common/errors';
export * from './common/headers';
export * from './common/subjects';
export * from './common/envelope';
export * from './common/messages';
export * from './common/schemas';
export * as projects from './projects';
export * as taxonomy from './taxonomy';
export * as ingestion from './ingestion';
