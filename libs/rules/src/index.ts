export * from './export-format';
export * from './taxonomy/property-type-detection';
export * from './taxonomy/last-seen';
export * from './entities/visibility';
export * from './flags/flag-defaults';
export * from './entities/references';
