import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Problems } from './problems';

/** The S3 location of a dataset import job. */
export interface ImportSource {
  readonly bucket: s3.IBucket;
  /** Object key, or folder prefix ending with `/`. */
  readonly path: string;
  readonly isPrefix: boolean;
  /** The `s3://` URL that the import job reads. */
  readonly location: string;
}

const KEY_POLICY_ACTIONS = [
  'kms:Decrypt',
  'kms:GenerateDataKey',
  'kms:DescribeKey',
  'kms:CreateGrant',
  'kms:ListGrants',
];

/** Outcome of the resource policy statements, which buckets and keys imported into the app cannot take. */
export interface ImportGrantResult {
  readonly bucketPolicyAdded: boolean;
  /** True as well when the bucket has no customer managed key. */
  readonly keyPolicyAdded: boolean;
}

/** Grants the import role, and Personalize through the bucket policy, read access to exactly the imported objects. */
export function grantImportRead(
  source: ImportSource,
  role: iam.IRole,
  importJobArn: string,
  account: string,
): ImportGrantResult {
  const objects = source.bucket.arnForObjects(source.isPrefix ? `${source.path}*` : source.path);
  const listConditions = source.isPrefix ? { StringLike: { 's3:prefix': [`${source.path}*`] } } : undefined;

  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }));
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [source.bucket.bucketArn],
      conditions: listConditions,
    }),
  );

  const service = new iam.ServicePrincipal('personalize.amazonaws.com');
  const confusedDeputy = {
    StringEquals: { 'aws:SourceAccount': account },
    ArnLike: { 'aws:SourceArn': importJobArn },
  };
  const result = source.bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [service],
      actions: ['s3:GetObject', 's3:ListBucket'],
      resources: [source.bucket.bucketArn, objects],
      conditions: confusedDeputy,
    }),
  );

  const key = source.bucket.encryptionKey;
  let keyPolicyAdded = true;
  if (key !== undefined) {
    key.grantDecrypt(role);
    // Personalize reads KMS-encrypted import data with its own service principal, which only the key policy can allow.
    const keyResult = key.addToResourcePolicy(
      new iam.PolicyStatement({ principals: [service], actions: KEY_POLICY_ACTIONS, resources: ['*'] }),
    );
    keyPolicyAdded = keyResult.statementAdded;
  }
  return { bucketPolicyAdded: result.statementAdded, keyPolicyAdded };
}

/** The S3 location props that `Dataset.importFrom` and `DatasetImportJob` share. */
export interface ImportLocationProps {
  readonly bucket: s3.IBucket;
  readonly key?: string;
  readonly prefix?: string;
}

/**
 * Checks that exactly one of `key` and `prefix` is given and well formed, and returns the import source.
 *
 * `propPrefix` is prepended to the prop names in messages, for example `importFrom.`.
 */
export function checkImportLocation(
  problems: Problems,
  propPrefix: string,
  props: ImportLocationProps,
): ImportSource | undefined {
  const before = problems.list.length;
  if ((props.key === undefined) === (props.prefix === undefined)) {
    const owner = propPrefix === '' ? 'a dataset import job' : propPrefix.replace(/\.$/, '');
    problems.add(`${owner} needs exactly one of key and prefix, got ${props.key === undefined ? 'neither' : 'both'}`);
  }
  if (props.key !== undefined && !Token.isUnresolved(props.key) && (props.key === '' || props.key.endsWith('/'))) {
    problems.add(`${propPrefix}key must name one object and not end with '/', got '${props.key}'`);
  }
  if (props.prefix !== undefined && !Token.isUnresolved(props.prefix) && !props.prefix.endsWith('/')) {
    problems.add(`${propPrefix}prefix must end with '/', got '${props.prefix}'`);
  }
  if (problems.list.length > before) {
    return undefined;
  }
  const path = props.key ?? props.prefix ?? '';
  return {
    bucket: props.bucket,
    path,
    isPrefix: props.prefix !== undefined,
    location: `s3://${props.bucket.bucketName}/${path}`,
  };
}

/** Creates the role that Personalize assumes to read the CSV files of an import job in the stack's account. */
export function createImportRole(scope: Construct, id: string): iam.Role {
  return new iam.Role(scope, id, {
    description: 'Lets Amazon Personalize read the CSV files of a dataset import job',
    assumedBy: new iam.ServicePrincipal('personalize.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
  });
}

/**
 * Grants read access as `grantImportRead` does, and warns on `scope` about each resource policy that the app cannot
 * change, with the statement to add by hand.
 *
 * @param bucketProp prop name of the bucket in warnings, for example `importFrom.bucket`
 * @param jobLabel the import job or jobs that the bucket policy must allow, for example `import job items-import`
 */
export function grantImportAccess(
  scope: Construct,
  source: ImportSource,
  role: iam.IRole,
  importJobArn: string,
  bucketProp: string,
  jobLabel: string,
): void {
  const granted = grantImportRead(source, role, importJobArn, Stack.of(scope).account);
  if (!granted.bucketPolicyAdded) {
    Annotations.of(scope).addWarningV2(
      'personalize:dataset-import-bucket-policy',
      `${bucketProp}: the bucket policy of imported bucket ${source.bucket.bucketName} cannot be changed here; ` +
        `allow personalize.amazonaws.com s3:GetObject and s3:ListBucket on it for ${jobLabel}`,
    );
  }
  if (!granted.keyPolicyAdded) {
    Annotations.of(scope).addWarningV2(
      'personalize:dataset-import-key-policy',
      `${bucketProp}: the key policy of the bucket's imported KMS key cannot be changed here; ` +
        `allow personalize.amazonaws.com kms:Decrypt, kms:GenerateDataKey, kms:DescribeKey, kms:CreateGrant and kms:ListGrants on it`,
    );
  }
}
