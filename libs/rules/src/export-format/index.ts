export { validateExportFile, validatedEnvironments, validated, problemsOf, MAX_LISTED_PROBLEMS, type ValidateExportOptions } from './validate';
export { ExportFileReader, type ReadOptions, type ReadResult } from './file-reader';
export { JsonStreamReader, JsonSyntaxError, walkJson, type JsonPath, type JsonStreamHandlers, type PieceSink } from './json-stream';
export { actionNamesUsed } from './segment-references';
export { planImport, type PlanOptions } from './plan';
export { IDENTITY_OVERRIDES_OFF } from './plan-states';
export { canonicalJson } from './canonical';
