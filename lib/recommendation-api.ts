import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTES, type HandlerName } from '../lambda/api/routes';
import { checkInteger, checkRange, Problems } from './private/problems';

/** Properties of a `RecommendationApi`. Each group of routes is created only when the resource it calls is given. */
export interface RecommendationApiProps {
  /**
   * ARN of a USER_PERSONALIZATION campaign, served at `GET|POST /users/{userId}/recommendations`.
   *
   * @default - no recommendations routes
   */
  readonly recommendationsCampaignArn?: string;

  /**
   * ARN of a RELATED_ITEMS campaign (for example SIMS), served at `GET|POST /items/{itemId}/related`.
   *
   * @default - no related-items routes
   */
  readonly relatedItemsCampaignArn?: string;

  /**
   * ARN of a PERSONALIZED_RANKING campaign, served at `POST /users/{userId}/ranking`.
   *
   * @default - no ranking route
   */
  readonly rankingCampaignArn?: string;

  /**
   * Tracking id of the dataset group's event tracker (not its ARN), for `POST /users/{userId}/events`.
   *
   * @default - no events route
   */
  readonly eventTrackingId?: string;

  /**
   * ARN of the Items dataset, for `POST /items`.
   *
   * @default - no items route
   */
  readonly itemsDatasetArn?: string;

  /**
   * ARN of the Users dataset, for `POST /users`.
   *
   * @default - no users route
   */
  readonly usersDatasetArn?: string;

  /**
   * Filters that requests may name with `filter`, by name: 1 to 63 letters, digits, `-` or `_`.
   *
   * @default - no named filters
   */
  readonly filterArns?: Readonly<Record<string, string>>;

  /**
   * `numResults` of requests that do not set it, 1 to 500.
   *
   * @default 25, the service's default
   */
  readonly defaultNumResults?: number;

  /**
   * Authorizer of every route. Pass `new HttpNoneAuthorizer()` only for an API that is meant to be public.
   *
   * @default - IAM authorization: callers sign requests with SigV4 and need `execute-api:Invoke` (see `grantInvoke`)
   */
  readonly authorizer?: apigwv2.IHttpRouteAuthorizer;

  /**
   * Steady-state request rate limit of the stage, in requests per second.
   *
   * @default 50, below the service's 500 transactions per second per campaign
   */
  readonly throttlingRateLimit?: number;

  /**
   * Burst limit of the stage, in requests.
   *
   * @default 100
   */
  readonly throttlingBurstLimit?: number;

  /**
   * KMS key that encrypts the access log group and the functions' log groups.
   *
   * @default - a new key with rotation enabled
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Retention of the access logs and function logs.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/** The environment variable each handler reads, with the prop that supplies it. */
const HANDLER_RESOURCE: Readonly<Record<HandlerName, { variable: string; prop: keyof RecommendationApiProps }>> = {
  'get-recommendations': { variable: 'RECOMMENDATIONS_CAMPAIGN_ARN', prop: 'recommendationsCampaignArn' },
  'get-related-items': { variable: 'RELATED_ITEMS_CAMPAIGN_ARN', prop: 'relatedItemsCampaignArn' },
  'rank-items': { variable: 'RANKING_CAMPAIGN_ARN', prop: 'rankingCampaignArn' },
  'put-events': { variable: 'EVENT_TRACKING_ID', prop: 'eventTrackingId' },
  'put-items': { variable: 'ITEMS_DATASET_ARN', prop: 'itemsDatasetArn' },
  'put-users': { variable: 'USERS_DATASET_ARN', prop: 'usersDatasetArn' },
};

/**
 * An HTTP API in front of Personalize: one Lambda function per handler in `lambda/`, IAM authorization on every route
 * by default, stage throttling, and access logs in an encrypted log group. Each function may call only the
 * Personalize resources its route needs.
 *
 * See `docs/api.md` for the routes and their request and response bodies.
 */
export class RecommendationApi extends Construct {
  /** The HTTP API. */
  public readonly httpApi: apigwv2.HttpApi;

  /** The `$default` stage, with throttling and access logging. */
  public readonly stage: apigwv2.HttpStage;

  /** The functions by handler name; only the handlers whose resource was given exist. */
  public readonly functions: Readonly<Partial<Record<HandlerName, nodejs.NodejsFunction>>>;

  /** The access log group. */
  public readonly accessLogGroup: logs.LogGroup;

  /** The base URL of the API, for example `https://abc123.execute-api.us-east-1.amazonaws.com`. */
  public readonly url: string;

  public constructor(scope: Construct, id: string, props: RecommendationApiProps) {
    super(scope, id);
    const problems = new Problems();
    checkRecommendationApiProps(problems, props);
    problems.throwIfAny(this);

    const encryptionKey = props.encryptionKey ?? new kms.Key(this, 'LogKey', { enableKeyRotation: true });
    allowLogsToUseKey(this, encryptionKey);
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const newLogGroup = (logId: string) =>
      new logs.LogGroup(this, logId, { encryptionKey, retention, removalPolicy: RemovalPolicy.RETAIN });

    this.httpApi = new apigwv2.HttpApi(this, 'Api', {
      createDefaultStage: false,
      defaultAuthorizer: props.authorizer ?? new HttpIamAuthorizer(),
    });
    this.accessLogGroup = newLogGroup('AccessLogs');
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttlingRateLimit ?? 50, burstLimit: props.throttlingBurstLimit ?? 100 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: accessLogFormat(),
      },
    });
    this.url = this.stage.url;

    const functions: Partial<Record<HandlerName, nodejs.NodejsFunction>> = {};
    for (const [name, resource] of Object.entries(HANDLER_RESOURCE) as [
      HandlerName,
      (typeof HANDLER_RESOURCE)[HandlerName],
    ][]) {
      const value = props[resource.prop] as string | undefined;
      if (value === undefined) continue;
      const environment = { ...handlerEnvironment(this, name, props), [resource.variable]: value };
      functions[name] = newHandlerFunction(this, name, environment, newLogGroup(`${pascalCase(name)}Logs`));
      grantHandlerCalls(functions[name], name, value, props);
    }
    this.functions = functions;

    for (const route of ROUTES) {
      const handler = functions[route.handler];
      if (handler === undefined) continue;
      const [method, routePath] = route.routeKey.split(' ');
      this.httpApi.addRoutes({
        path: routePath,
        methods: [method as apigwv2.HttpMethod],
        integration: new HttpLambdaIntegration(`${method}${pascalCase(routePath)}`, handler),
      });
    }
  }

  /** Grants `execute-api:Invoke` on every route of the API, which IAM authorization requires of callers. */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: [this.httpApi.arnForExecuteApi('*', '/*', '*')],
    });
  }
}

/** Access log fields: ids, route key and status, but not the path or query string, which carry user ids. */
function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: '$context.requestId',
      requestTime: '$context.requestTime',
      routeKey: '$context.routeKey',
      status: '$context.status',
      responseLength: '$context.responseLength',
      responseLatency: '$context.responseLatency',
      integrationStatus: '$context.integrationStatus',
      integrationError: '$context.integrationErrorMessage',
      sourceIp: '$context.identity.sourceIp',
    }),
  );
}

/** Lets CloudWatch Logs in this stack's region use the key for log groups of this account. */
function allowLogsToUseKey(scope: Construct, key: kms.IKey): void {
  const stack = Stack.of(scope);
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
        },
      },
    }),
  );
}

function handlerEnvironment(
  scope: Construct,
  name: HandlerName,
  props: RecommendationApiProps,
): Record<string, string> {
  const environment: Record<string, string> = {
    POWERTOOLS_SERVICE_NAME: 'recommendation-api',
    NODE_OPTIONS: '--enable-source-maps',
  };
  if (name === 'get-recommendations' || name === 'get-related-items' || name === 'rank-items') {
    environment.FILTER_ARNS = Stack.of(scope).toJsonString(props.filterArns ?? {});
  }
  if (name === 'get-recommendations' || name === 'get-related-items') {
    environment.DEFAULT_NUM_RESULTS = String(props.defaultNumResults ?? 25);
  }
  return environment;
}

function newHandlerFunction(
  scope: Construct,
  name: HandlerName,
  environment: Record<string, string>,
  logGroup: logs.ILogGroup,
): nodejs.NodejsFunction {
  // An own role in place of AWSLambdaBasicExecutionRole, so the function may write only to its own log group.
  const role = new iam.Role(scope, `${pascalCase(name)}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
  logGroup.grantWrite(role);
  return new nodejs.NodejsFunction(scope, pascalCase(name), {
    role,
    entry: path.join(__dirname, '..', 'lambda', `${name}.ts`),
    handler: 'handler',
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: 256,
    timeout: Duration.seconds(10),
    environment,
    logGroup,
    bundling: {
      minify: true,
      sourceMap: true,
      // Bundling the AWS SDK pins the version the handlers were tested with instead of the runtime's copy.
      bundleAwsSDK: true,
      forceDockerBundling: false,
    },
  });
}

/** Allows each function only the Personalize calls its route makes, on the resources it is configured with. */
function grantHandlerCalls(
  fn: nodejs.NodejsFunction,
  name: HandlerName,
  resource: string,
  props: RecommendationApiProps,
): void {
  const filterArns = Object.values(props.filterArns ?? {});
  const allow = (action: string, resources: string[]) =>
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: [`personalize:${action}`], resources }));
  switch (name) {
    case 'get-recommendations':
    case 'get-related-items':
      return allow('GetRecommendations', [resource, ...filterArns]);
    case 'rank-items':
      return allow('GetPersonalizedRanking', [resource, ...filterArns]);
    case 'put-events':
      // The PutEvents documentation requires the wildcard resource for calls from Lambda functions; the tracking id
      // in the request selects the event tracker.
      return allow('PutEvents', ['*']);
    case 'put-items':
      return allow('PutItems', [resource]);
    case 'put-users':
      return allow('PutUsers', [resource]);
  }
}

/** `get-recommendations` to `GetRecommendations`, `/users/{userId}/events` to `UsersUserIdEvents`. */
function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

const ARN_PATTERN = /^arn:[a-z\d-]+:personalize:[^:]*:[^:]*:.+$/;
const FILTER_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,62}$/;
const ARN_PROPS = [
  'recommendationsCampaignArn',
  'relatedItemsCampaignArn',
  'rankingCampaignArn',
  'itemsDatasetArn',
  'usersDatasetArn',
] as const;

/** Checks `RecommendationApi` props, skipping unresolved tokens; adds one problem per invalid value. */
export function checkRecommendationApiProps(problems: Problems, props: RecommendationApiProps): void {
  for (const prop of ARN_PROPS) {
    const value = props[prop];
    if (value !== undefined && !Token.isUnresolved(value) && !ARN_PATTERN.test(value)) {
      problems.add(`${prop} must be a Personalize ARN, got ${JSON.stringify(value)}`);
    }
  }
  const trackingId = props.eventTrackingId;
  if (
    trackingId !== undefined &&
    !Token.isUnresolved(trackingId) &&
    (trackingId.length < 1 || trackingId.length > 256)
  ) {
    problems.add(`eventTrackingId must be 1 to 256 characters long, got ${trackingId.length} characters`);
  }
  for (const [name, arn] of Object.entries(props.filterArns ?? {})) {
    if (!FILTER_NAME_PATTERN.test(name)) {
      problems.add(
        `filterArns key ${JSON.stringify(name)} must be 1 to 63 letters, digits, - or _, starting with a letter or digit`,
      );
    }
    if (!Token.isUnresolved(arn) && !ARN_PATTERN.test(arn)) {
      problems.add(`filterArns.${name} must be a Personalize ARN, got ${JSON.stringify(arn)}`);
    }
  }
  checkInteger(problems, 'defaultNumResults', props.defaultNumResults, 1, 500);
  checkRange(problems, 'throttlingRateLimit', props.throttlingRateLimit, 1, 10000);
  checkInteger(problems, 'throttlingBurstLimit', props.throttlingBurstLimit, 0, 5000);
  const routeProps = [...ARN_PROPS, 'eventTrackingId'] as const;
  if (routeProps.every((prop) => props[prop] === undefined)) {
    problems.add(`at least one of ${routeProps.join(', ')} is required, because each one enables its routes`);
  }
}
