/** Lambda functions behind the constructs' custom resources and workflows, each with its own role and log group. */
import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

const HANDLERS = path.join(__dirname, '..', '..', 'lambda', 'lifecycle');

/**
 * Creates a role that Lambda can assume and that may write only to `logGroup`, in place of the
 * AWSLambdaBasicExecutionRole managed policy, which allows writing to every log group of the account.
 */
export function functionRole(scope: Construct, id: string, logGroup: logs.ILogGroup): iam.Role {
  const role = new iam.Role(scope, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  logGroup.grantWrite(role);
  return role;
}

/** Creates a log group that keeps a function's logs for one year. */
export function functionLogGroup(scope: Construct, id: string): logs.LogGroup {
  return new logs.LogGroup(scope, id, { retention: logs.RetentionDays.ONE_YEAR });
}

/** Creates the function for the handler in `lambda/lifecycle/<entry>`, bundled with esbuild. */
export function lifecycleFunction(
  scope: Construct,
  id: string,
  entry: string,
  timeout: Duration,
  options: { readonly memorySize?: number; readonly handler?: string } = {},
): nodejs.NodejsFunction {
  const logGroup = functionLogGroup(scope, `${id}Logs`);
  return new nodejs.NodejsFunction(scope, id, {
    entry: path.join(HANDLERS, entry),
    handler: options.handler ?? 'handler',
    role: functionRole(scope, `${id}Role`, logGroup),
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: options.memorySize ?? 256,
    timeout,
    logGroup,
    environment: { NODE_OPTIONS: '--enable-source-maps' },
    // The handlers use the Personalize client and the Powertools logger that the tests ran with.
    bundling: { minify: true, sourceMap: true, bundleAwsSDK: true },
  });
}
