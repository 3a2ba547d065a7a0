export { validateExportFile, validatedEnvironments, MAX_LISTED_PROBLEMS, type ValidateExportOptions } from './validate';
export { actionNamesUsed } from './segment-references';
export { planImport, type PlanOptions } from './plan';
export { IDENTITY_OVERRIDES_OFF } from './plan-states';
export { canonicalJson } from './canonical';
