export * from './property-types';
export * from './property-type-detection';
export * from './events';
export * from './bodies';
export * from './messages';
export * from './subjects';
