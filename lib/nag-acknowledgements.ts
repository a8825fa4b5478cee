/**
 * The cdk-nag findings that the sample stack accepts, each with its reason.
 *
 * cdk-nag acknowledges findings by exact id, and the ids of wildcard findings contain generated logical ids. So an
 * Aspect runs cdk-nag's own rule on each policy and acknowledges only the findings that match one of the patterns
 * below. Every other finding still fails `cdk synth`.
 */
import { Aspects, Stack, Validations, type IAspect } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { rules } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** A kind of wildcard permission the stack needs, and why. */
interface WildcardAcknowledgement {
  readonly finding: RegExp;
  readonly reason: string;
}

/** An ARN prefix up to the service, with the partition as a literal or, in environment-agnostic stacks, a token. */
const ARN = 'arn:(?:aws[a-z-]*|<AWS::Partition>)';
/** A region and an account in an ARN: literals, or the tokens an environment-agnostic synth renders. */
const REGION = '(?:[a-z0-9-]+|<AWS::Region>)';
const ACCOUNT = '(?:[0-9]{12}|<AWS::AccountId>)';

const WILDCARDS: readonly WildcardAcknowledgement[] = [
  {
    finding: /^Resource::<[A-Za-z0-9]+\.Arn>:\*$/,
    reason: 'Invoking a Lambda function also needs its qualified ARNs (versions and aliases) of that one function',
  },
  {
    finding: /^Resource::<[A-Za-z0-9]+\.SolutionArn>\/\*$/,
    reason: 'Solution version ARNs are the solution ARN followed by an id generated at training time',
  },
  {
    finding: new RegExp(`^Resource::${ARN}:states:${REGION}:${ACCOUNT}:execution:<[A-Za-z0-9]+\\.Name>:\\*$`),
    reason: 'Execution ARNs of one state machine end in a name generated for each run',
  },
  {
    finding: new RegExp(
      `^Resource::${ARN}:personalize:${REGION}:${ACCOUNT}:(dataset|solution|schema|recommender|metric-attribution|filter|event-tracker|campaign)/(\\*|\\*/\\*|[A-Za-z0-9_-]+/\\*)$`,
    ),
    reason:
      "The teardown deletes every resource of its dataset group. ARNs of these types do not contain the group, so the handler lists the resources filtered by the group (campaigns by the group's solutions) and deletes only those",
  },
  {
    finding: /^Resource::\*$/,
    reason:
      'Actions without resource-level permissions: Personalize List* calls, PutEvents (its API reference requires "*"), X-Ray segments and CloudWatch Logs delivery for Step Functions',
  },
  {
    finding: new RegExp(
      `^(Action::s3:(GetObject|GetBucket|List|Abort|DeleteObject)\\*|Action::kms:(GenerateDataKey|ReEncrypt)\\*|Resource::${ARN}:s3:::cdk-[a-z0-9]+-assets-[^/]+/\\*)$`,
    ),
    reason:
      'aws-cdk-lib grants its bucket deployment function these actions to copy the sample CSV files from the asset bucket into the data bucket',
  },
  {
    finding: /^Resource::<DataBucket[A-Za-z0-9]+\.Arn>\/\*$/,
    reason:
      'The bucket deployment writes the sample files under a prefix of the data bucket whose keys it does not know in advance',
  },
];

const LAMBDA_BASIC_EXECUTION = 'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';

const NODE_RUNTIME_REASON =
  'Node.js 22 is the runtime the handlers are built and tested for; functions that aws-cdk-lib adds for custom resources and the bucket deployment run the runtime that aws-cdk-lib pins';
const MANAGED_POLICY_REASON =
  'Functions that aws-cdk-lib creates for custom resource providers and the bucket deployment use this managed policy only to write their own logs';
const TRACING_REASON =
  'Each state machine runs a few service calls in sequence; its execution history and CloudWatch Logs record every step, so X-Ray adds no insight for the cost';
const PROVIDER_LOGGING_REASON =
  'The waiter state machine of aws-cdk-lib Provider framework offers no logging setting; its executions are visible in the Step Functions console';

export function acknowledgeNagFindings(stack: Stack): void {
  Aspects.of(stack).add(new AcknowledgeFindings());
}

class AcknowledgeFindings implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof iam.CfnPolicy || node instanceof iam.CfnRole) {
      this.acknowledgeWildcards(node);
    }
    if (node instanceof iam.CfnRole) {
      const managed = rules.iam.IAMNoManagedPolicies(node);
      if (Array.isArray(managed) && managed.includes(LAMBDA_BASIC_EXECUTION)) {
        acknowledge(node, `AwsSolutions-IAM4[${LAMBDA_BASIC_EXECUTION}]`, MANAGED_POLICY_REASON);
      }
    }
    if (node instanceof lambda.CfnFunction) {
      acknowledge(node, 'AwsSolutions-L1', NODE_RUNTIME_REASON);
    }
    if (node instanceof sfn.CfnStateMachine) {
      acknowledge(node, 'AwsSolutions-SF2', TRACING_REASON);
      if (node.node.path.includes('/Provider/waiter-state-machine')) {
        acknowledge(node, 'AwsSolutions-SF1', PROVIDER_LOGGING_REASON);
      }
    }
  }

  private acknowledgeWildcards(node: iam.CfnPolicy | iam.CfnRole): void {
    const findings = rules.iam.IAMNoWildcardPermissions(node);
    if (!Array.isArray(findings)) return;
    for (const finding of findings) {
      const match = WILDCARDS.find((wildcard) => wildcard.finding.test(finding));
      if (match !== undefined) acknowledge(node, `AwsSolutions-IAM5[${finding}]`, match.reason);
    }
  }
}

function acknowledge(node: IConstruct, ruleId: string, reason: string): void {
  Validations.of(node).acknowledge({ id: `AwsSolutions::${ruleId}`, reason });
}
