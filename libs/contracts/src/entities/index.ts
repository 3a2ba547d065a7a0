export * from './segment-rules';
export * from './kinds';
export * from './flag-definition';
export * from './bodies';
export * from './events';
export * from './messages';
export * from './subjects';
export * from './message-schemas';
export * as http from './http-requests';
