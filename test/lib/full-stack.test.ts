import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { cfnLintAvailable, runCfnLint } from './cfn-lint';
import { addAllConstructs } from './full-stack';

function fullStack(): { app: App; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, 'Personalize', { env: { account: '123456789012', region: 'us-east-1' } });
  addAllConstructs(stack);
  return { app, stack };
}

/**
 * Findings on resources that aws-cdk-lib itself defines: the singleton function behind AwsCustomResource lists its
 * role in DependsOn although it also references the role's ARN.
 */
const CDK_OWNED_FINDINGS = /AWS679f53fac002430cb0da5b7982bd2287ServiceRole[0-9A-F]{8}' dependency already enforced/;

describe('stack with every construct', () => {
  if (!cfnLintAvailable()) {
    console.warn('cfn-lint is not installed in .venv; run `npm run setup:python` to run the template lint test');
  }
  const lintTest = cfnLintAvailable() ? test : test.skip;

  lintTest('template passes cfn-lint', () => {
    const { app, stack } = fullStack();
    const template = app.synth().getStackByName(stack.stackName).template;

    const result = runCfnLint(template);
    const findings = result.output.split('\n').filter((line) => line !== '' && !CDK_OWNED_FINDINGS.test(line));
    expect(findings).toEqual([]);
  });

  test('cdk-nag finds nothing unacknowledged', () => {
    const { app, stack } = fullStack();
    acknowledgeExpectedFindings(stack);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    expect(() => app.synth()).not.toThrow();
  });

  test('cdk-nag reports the findings when not acknowledged', () => {
    const { app } = fullStack();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Resource::<Data666C94C7\.Arn>\/items\/\*\]/);
  });
});

/** Acknowledges findings that the constructs cause on purpose, each with its reason. */
function acknowledgeExpectedFindings(stack: Stack): void {
  Validations.of(stack.node.findChild('Data')).acknowledge({
    id: 'AwsSolutions::AwsSolutions-S1',
    reason: 'The data bucket is a fixture of this test; access logging is the application decision, not the constructs',
  });
  const items = stack.node.findChild('Items');
  Validations.of(items).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::<Data666C94C7.Arn>/items/*]',
    reason: 'An import from a prefix reads every CSV file under that prefix, and only under it',
  });
  const updater = stack.node.findChild('AWS679f53fac002430cb0da5b7982bd2287');
  Validations.of(updater).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'The function that calls UpdateSolution uses the managed policy only to write its own logs',
  });
  Validations.of(updater).acknowledge({
    id: 'AwsSolutions::AwsSolutions-L1',
    reason: 'aws-cdk-lib chooses the runtime of the AwsCustomResource function and keeps it on a supported Node.js',
  });
}
