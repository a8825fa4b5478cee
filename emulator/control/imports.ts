/** Dataset import jobs, which read CSV files from local directories that stand in for S3 buckets. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { resourceArn } from '../arns';
import { newTrackedResource, startCreation, statusMembers, type OperationContext } from '../context';
import { alreadyExists, invalidInput } from '../errors';
import type { DatasetEntry, ImportJobEntry } from '../state';
import { ARN_RULE, MemberChecks, NAME_RULE } from '../validation';
import { assertNotDeleting, requiredArn } from './datasets';

const DATA_LOCATION_RULE = { required: true, maxLength: 256, pattern: '(s3|http|https)://.+' };

export function createDatasetImportJob(context: OperationContext, body: Record<string, unknown>): unknown {
  const { state } = context;
  const checks = new MemberChecks();
  const jobName = checks.string(body.jobName, 'jobName', NAME_RULE);
  const datasetArn = checks.string(body.datasetArn, 'datasetArn', ARN_RULE);
  const dataSource = checks.map(body.dataSource, 'dataSource', { required: true });
  const dataLocation =
    dataSource === undefined
      ? undefined
      : checks.string(dataSource.dataLocation, 'dataSource.dataLocation', DATA_LOCATION_RULE);
  const roleArn = checks.string(body.roleArn, 'roleArn', { maxLength: 256 });
  const importMode = checks.string(body.importMode, 'importMode', { values: ['FULL', 'INCREMENTAL'] });
  checks.boolean(body.publishAttributionMetricsToS3, 'publishAttributionMetricsToS3');
  checks.tags(body.tags);
  checks.throwIfInvalid();

  const dataset = state.dataset(datasetArn!);
  assertNotDeleting(dataset.status, 'dataset', dataset.arn);
  // A dataset still being created is accepted: its creation ends before the import job runs.
  if (dataset.status === 'CREATE FAILED') {
    throw invalidInput(`dataset ${dataset.arn} is CREATE FAILED; create a new dataset`);
  }
  const arn = resourceArn(state.scope, 'dataset-import-job', jobName!);
  if (state.importJobs.has(arn)) throw alreadyExists('dataset import job', arn);

  const job: ImportJobEntry = {
    ...newTrackedResource(arn, jobName!),
    datasetArn: dataset.arn,
    dataLocation: dataLocation!,
    importMode: importMode === 'INCREMENTAL' ? 'INCREMENTAL' : 'FULL',
    ...(roleArn === undefined ? {} : { roleArn }),
  };
  state.importJobs.set(arn, job);
  startCreation(context, job, () => runImport(context, job, dataset));
  return { datasetImportJobArn: arn };
}

export function describeDatasetImportJob(context: OperationContext, body: Record<string, unknown>): unknown {
  const job = context.state.importJob(requiredArn(body, 'datasetImportJobArn'));
  return {
    datasetImportJob: {
      jobName: job.name,
      datasetImportJobArn: job.arn,
      datasetArn: job.datasetArn,
      dataSource: { dataLocation: job.dataLocation },
      ...(job.roleArn === undefined ? {} : { roleArn: job.roleArn }),
      importMode: job.importMode,
      publishAttributionMetricsToS3: false,
      ...statusMembers(job),
    },
  };
}

/** Reads the job's files and stores their records; throws with the reason the job fails. */
function runImport(context: OperationContext, job: ImportJobEntry, dataset: DatasetEntry): void {
  const files = resolveDataLocation(context.buckets, job.dataLocation);
  const group = context.state.datasetGroup(dataset.datasetGroupArn);
  const imported = files.map((file) => {
    try {
      return context.engines.importCsv(readFileSync(file, 'utf8'), dataset.schema);
    } catch (error) {
      throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  if (job.importMode === 'FULL') group.records.clear(dataset.datasetType);
  for (const result of imported) {
    if (result.datasetType === 'Interactions') group.records.addInteractions(result.records);
    else if (result.datasetType === 'Items') group.records.putItems(result.records);
    else group.records.putUsers(result.records);
  }
  context.logger.info('dataset import finished', { arn: job.arn, files: files.length });
}

/**
 * Maps `s3://BUCKET/KEY` to the files under the bucket's local directory: one file, or every `.csv` file of a folder
 * when KEY ends with `/` or names a directory, as the service imports every file under a prefix.
 */
function resolveDataLocation(buckets: Readonly<Record<string, string>>, dataLocation: string): string[] {
  const path = localPath(buckets, dataLocation);

  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new Error(`no object found at ${dataLocation} (local path ${path})`);
  }
  if (!isDirectory) return [path];

  const files = readdirSync(path)
    .filter((file) => file.toLowerCase().endsWith('.csv'))
    .sort()
    .map((file) => join(path, file));
  if (files.length === 0) throw new Error(`no .csv files found under ${dataLocation} (local path ${path})`);
  return files;
}

/** Resolves a location inside its bucket's directory, rejecting keys such as `../x` that leave it. */
function localPath(buckets: Readonly<Record<string, string>>, dataLocation: string): string {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(dataLocation);
  if (match === null) {
    throw new Error(`dataSource.dataLocation: only s3://BUCKET/KEY locations are emulated; received '${dataLocation}'`);
  }
  const [, bucket, key] = match;
  const root = buckets[bucket];
  if (root === undefined) {
    const known = Object.keys(buckets);
    throw new Error(
      `bucket '${bucket}' has no local directory; the emulator maps ${known.length === 0 ? 'no buckets' : known.join(', ')}`,
    );
  }

  const base = resolve(root);
  const path = resolve(base, key);
  if (path !== base && !path.startsWith(base + sep)) {
    throw new Error(`dataSource.dataLocation: key '${key}' leaves the directory of bucket '${bucket}'`);
  }
  return path;
}
