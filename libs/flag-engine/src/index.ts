export * from './evaluation-context';
export { compileEnvironment, evaluate, type CompiledEnvironment } from './engine';
export { hashedPercentage } from './hashing';
