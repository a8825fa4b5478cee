/** The event that a `BatchInferenceJob` schedule sends to its function, shared by the construct and the handler. */

/** Job names are at most 63 characters, and the suffix `-YYYYMMDD-HHMMSS` takes 16 of them. */
export const MAX_JOB_NAME_PREFIX_LENGTH = 47;

/** The event of one scheduled run; EventBridge Scheduler fills in `scheduledTime`. */
export interface BatchInferenceRunEvent {
  /** The run's scheduled time, for example `2026-03-22T18:00:00Z`. */
  readonly scheduledTime: string;
  readonly jobNamePrefix: string;
  readonly solutionVersionArn: string;
  /** Role that Personalize assumes to read the input and write the output. */
  readonly roleArn: string;
  /** `s3://bucket/key` of the input file, or of a folder ending with `/`. */
  readonly inputPath: string;
  /** `s3://bucket/prefix/`; each job writes to `<outputPrefix><jobName>/`. */
  readonly outputPrefix: string;
  readonly numResults?: number;
  readonly filterArn?: string;
  readonly inputKmsKeyArn?: string;
  readonly outputKmsKeyArn?: string;
}
