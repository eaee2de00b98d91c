export * from './cells';
export * from './dates';
export * from './read';
export * from './text';
export { checkZip, XLSX_LIMITS, ZipGuardError } from './zip-guard';
export type { ZipLimits } from './zip-guard';
