export * from './format';
export * from './plan-types';
