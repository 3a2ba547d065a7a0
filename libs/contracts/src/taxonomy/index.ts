export * from './property-types';
export * from './events';
export * from './bodies';
export * from './messages';
export * from './subjects';
export * from './rules';
export * from './message-schemas';
export * as http from './http-requests';
export * from './adoption';
