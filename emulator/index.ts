/** A local emulator of the Amazon Personalize control plane, runtime and events APIs for the AWS SDK v3 clients. */
export { createEmulator } from './server';
export type { Emulator, EmulatorOptions } from './server';
export type { EmulatorLogger } from './context';
export type { EmulatorEngines } from './engines';
export { EmulatorState } from './state';
export { ServiceError, ERROR_STATUS, type ErrorType } from './errors';
