/**
 * Resource properties of the `DatasetImportJob` custom resource, and the job names derived from them.
 *
 * CloudFormation passes every property as a string. The construct sets either `JobName` (a fixed name) or
 * `JobNamePrefix` (the handler appends a hash).
 */
import { createHash } from 'node:crypto';

export type ImportMode = 'FULL' | 'INCREMENTAL';

/** The import that one Create or Update requests. */
export interface ImportSpec {
  readonly datasetArn: string;
  /** `s3://BUCKET/KEY` of one file, or of a folder ending with `/`. */
  readonly dataLocation: string;
  readonly importMode: ImportMode;
  readonly roleArn: string;
  readonly jobName?: string;
  readonly jobNamePrefix?: string;
}

/** Error for resource properties the construct should never produce; CloudFormation shows the message. */
export class InvalidImportPropertiesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidImportPropertiesError';
  }
}

const JOB_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,62}$/;
const PREFIX_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,53}$/;

function requiredString(properties: Record<string, unknown>, name: string, pattern: RegExp, rule: string): string {
  const value = properties[name];
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new InvalidImportPropertiesError(`${name} must be ${rule}, received ${JSON.stringify(value)}`);
  }
  return value;
}

/** Reads and checks the resource properties that the construct sets. */
export function readSpec(properties: Record<string, unknown>): ImportSpec {
  const datasetArn = requiredString(properties, 'DatasetArn', /^arn:[^:]+:personalize:/, 'a dataset ARN');
  const dataLocation = requiredString(properties, 'DataLocation', /^s3:\/\/[^/]+\/./, 'an s3://BUCKET/KEY location');
  const importMode = requiredString(properties, 'ImportMode', /^(FULL|INCREMENTAL)$/, "'FULL' or 'INCREMENTAL'");
  const roleArn = requiredString(properties, 'RoleArn', /^arn:[^:]+:iam::/, 'an IAM role ARN');
  const hasName = properties.JobName !== undefined;
  if (hasName === (properties.JobNamePrefix !== undefined)) {
    throw new InvalidImportPropertiesError(
      `exactly one of JobName and JobNamePrefix must be set, received ${hasName ? 'both' : 'neither'}`,
    );
  }
  const name = hasName
    ? { jobName: requiredString(properties, 'JobName', JOB_NAME_PATTERN, 'a job name of 1 to 63 characters') }
    : {
        jobNamePrefix: requiredString(properties, 'JobNamePrefix', PREFIX_PATTERN, 'a prefix of 1 to 54 characters'),
      };
  return { datasetArn, dataLocation, importMode: importMode as ImportMode, roleArn, ...name };
}

/** True when two specs request the same import, so an Update between them needs no new job. */
export function sameImport(a: ImportSpec | undefined, b: ImportSpec): boolean {
  return (
    a !== undefined &&
    a.datasetArn === b.datasetArn &&
    a.dataLocation === b.dataLocation &&
    a.importMode === b.importMode &&
    a.roleArn === b.roleArn &&
    a.jobName === b.jobName &&
    a.jobNamePrefix === b.jobNamePrefix
  );
}

/**
 * Returns the job name for a request: `JobName` as given, or `JobNamePrefix` followed by a hash of the inputs and the
 * CloudFormation request id. Names are unique per account and region and stay taken after a job fails. The request
 * id gives every Create and every changing Update its own name, and a repeated call for the same request gets the
 * same name, so it finds the job it started.
 */
export function jobNameFor(spec: ImportSpec, requestId: string): string {
  if (spec.jobName !== undefined) {
    return spec.jobName;
  }
  const inputs = [spec.datasetArn, spec.dataLocation, spec.importMode, spec.roleArn, requestId];
  const hash = createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 8);
  return `${spec.jobNamePrefix}-${hash}`;
}

/** Builds the ARN of an import job in the partition, region and account of the dataset. */
export function importJobArn(datasetArn: string, jobName: string): string {
  const [arn, partition, , region, account] = datasetArn.split(':');
  return [arn, partition, 'personalize', region, account, `dataset-import-job/${jobName}`].join(':');
}
