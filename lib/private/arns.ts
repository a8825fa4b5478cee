import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Extracts the resource name from a name-based Personalize ARN such as `arn:aws:personalize:REGION:ACCOUNT:filter/NAME`. */
export function nameFromArn(arn: string): string {
  return Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).resourceName ?? arn;
}

/** Formats the ARN of a Personalize resource in the stack's partition, region and account. */
export function personalizeArn(scope: Construct, resource: string, resourceName: string): string {
  return Stack.of(scope).formatArn({
    service: 'personalize',
    resource,
    resourceName,
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}
