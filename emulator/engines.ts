/**
 * The project modules the emulator runs: the schema parser and CSV importer, the filter compiler and the scorer.
 * They are passed in as one object so that tests and embedders can swap one of them.
 */
import type { DatasetSchema, DatasetType } from '../schema/model';
import type { DatasetRecords } from '../schema/records';
import type { ImportedRecords } from '../schema/csv-import';
import type { CompiledFilter, FilterProblem, FilterSchemas } from '../filter/types';
import type { RecipeName, SolutionMetrics, TrainFunction, TrainingOptions } from '../scorer/types';

export interface EmulatorEngines {
  /** Trains a model; its exceptions end the solution version in CREATE FAILED with the message as failureReason. */
  readonly train: TrainFunction;
  /** Computes offline metrics for GetSolutionMetrics; without it, GetSolutionMetrics returns an empty map. */
  readonly evaluate?: (recipe: RecipeName, data: DatasetRecords, options?: TrainingOptions) => SolutionMetrics;
  /** Checks hyperparameter names and values for a recipe; throws an error that names the one at fault. */
  readonly checkHyperparameters?: (recipe: RecipeName, hyperparameters: Readonly<Record<string, string>>) => void;
  /** Parses and checks an expression; throws an error with a `problems` list when it is invalid. */
  readonly compileFilter: (expression: string, schemas: FilterSchemas) => CompiledFilter;
  /** Checks limits across all filter expressions of a dataset group; returns the problems found. */
  readonly checkGroupFilters?: (expressions: readonly string[]) => readonly FilterProblem[];
  /** Parses an Avro schema for a dataset type; throws when it breaks a rule of that type. */
  readonly parseSchema: (json: string, datasetType: DatasetType) => DatasetSchema;
  /** Reads CSV rows into records; throws an error whose message names the line on bad input. */
  readonly importCsv: (text: string, schema: DatasetSchema) => ImportedRecords;
}
