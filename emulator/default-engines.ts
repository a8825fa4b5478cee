/** The project's own schema, filter and scorer modules, which the emulator runs unless its options replace them. */
import { checkDatasetGroupFieldLimit, compileFilter } from '../filter';
import { importCsv, parseSchema } from '../schema';
import { evaluate, train } from '../scorer';
import { parseHyperparameters } from '../scorer/hyperparameters';
import type { EmulatorEngines } from './engines';

export const DEFAULT_ENGINES: EmulatorEngines = {
  train,
  evaluate,
  checkHyperparameters: (recipe, hyperparameters) => {
    parseHyperparameters(recipe, hyperparameters);
  },
  compileFilter: (expression, schemas) => compileFilter(expression, schemas),
  checkGroupFilters: (expressions) => checkDatasetGroupFieldLimit(expressions),
  parseSchema: (json, datasetType) => parseSchema(json, datasetType),
  importCsv: (text, schema) => importCsv(text, schema),
};
