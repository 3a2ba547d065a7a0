export * from './property-types';
export * from './property-type-detection';
export * from './events';
export * from './bodies';
export * from './messages';
export * from './subjects';
export * from './rules';
export * from './message-schemas';
export * as http from './http-requests';
