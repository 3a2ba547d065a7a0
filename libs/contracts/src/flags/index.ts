export * from './evaluate';
export * from './identifier';
