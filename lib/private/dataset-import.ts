import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

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
