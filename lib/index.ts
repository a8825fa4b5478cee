export * from './dataset-group';
export * from './schema';
export * from './schema-field';
export { PersonalizeValidationError } from './private/problems';
export * from './dataset';
export * from './event-tracker';
export * from './filter';
