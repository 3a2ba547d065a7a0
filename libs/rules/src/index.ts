export * from './export-format';
export * from './taxonomy/property-type-detection';
