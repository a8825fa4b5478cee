/** Names shared by the training constructs (synth time) and their Lambda handlers (run time). */

/** The unique id under which the solution version ARN appears in the wait condition's `Data` attribute. */
export const SIGNAL_UNIQUE_ID = 'SolutionVersion';

export const TRAINING_RUN_RESOURCE_TYPE = 'Custom::PersonalizeTrainingRun';
export const SOLUTION_VERSION_RESOURCE_TYPE = 'Custom::PersonalizeSolutionVersion';
