import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Solution } from '../../lib/solution';
import { SolutionVersion, TrainingMode } from '../../lib/solution-version';
import { newStack } from './stack';

const SOLUTION = 'arn:aws:personalize:us-east-1:123456789012:solution/movies';

function synthesize(props: Partial<ConstructorParameters<typeof SolutionVersion>[2]> = {}) {
  const stack = newStack();
  const version = new SolutionVersion(stack, 'Version', { solution: SOLUTION, ...props });
  return { stack, version, template: Template.fromStack(stack) };
}

describe('SolutionVersion', () => {
  const { stack, version, template } = synthesize();

  test('wait condition defaults to twelve hours', () => {
    template.resourceCountIs('AWS::CloudFormation::WaitCondition', 1);
    template.hasResourceProperties('AWS::CloudFormation::WaitCondition', {
      Timeout: '43200',
      Count: 1,
      Handle: { Ref: Match.stringLikeRegexp('^VersionTrainingHandle') },
    });
  });

  test('wait condition starts after training', () => {
    template.hasResource('AWS::CloudFormation::WaitCondition', {
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^VersionStartTraining')]),
    });
    const starts = template.findResources('Custom::AWS');
    const create = JSON.stringify(Object.values(starts)[0].Properties.Create);
    expect(create).toMatch(/"Fn::GetAtt":\["VersionTrainingRun[0-9A-F]{8}","VersionName"\]/);
    expect(create).toMatch(/"Ref":"VersionTrainingHandle[0-9A-F]{16}"/);
  });

  test('training starts with the run inputs', () => {
    const starts = template.findResources('Custom::AWS');
    const create = JSON.stringify(Object.values(starts)[0].Properties.Create);
    expect(create).toContain('\\"service\\":\\"SFN\\",\\"action\\":\\"StartExecution\\"');
    expect(create).toContain(`\\\\\\"SolutionArn\\\\\\":\\\\\\"${SOLUTION}\\\\\\"`);
    expect(create).toContain('\\\\\\"TrainingMode\\\\\\":\\\\\\"FULL\\\\\\"');
    const remove = JSON.stringify(Object.values(starts)[0].Properties.Delete);
    expect(remove).toContain('\\"action\\":\\"StopExecution\\"');
  });

  test('version ARN reads the wait condition data', () => {
    template.hasResourceProperties('Custom::PersonalizeSolutionVersion', {
      WaitConditionData: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VersionTrained'), 'Data'] },
    });
    expect(stack.resolve(version.solutionVersionArn)).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^Version[0-9A-F]{8}$/), 'SolutionVersionArn'],
    });
  });

  test('state machine may call only this solution', () => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^VersionTrainingStateMachineRole') }] },
    });
    const statements = Object.values(policies).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const personalize = statements
      .filter((statement) => String(statement.Action).startsWith('personalize:'))
      .map((statement) => [statement.Action, statement.Resource])
      .sort();
    expect(personalize).toEqual([
      ['personalize:createSolutionVersion', SOLUTION],
      ['personalize:describeSolution', SOLUTION],
      ['personalize:describeSolutionVersion', `${SOLUTION}/*`],
    ]);
    const invoke = statements.filter((statement) => statement.Action === 'lambda:InvokeFunction');
    expect(invoke).toHaveLength(1);
    expect(JSON.stringify(invoke[0].Resource)).toContain('VersionSignalFunction');
  });

  test('handler may stop only versions of this solution', () => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^VersionResourceFunctionRole') }] },
    });
    const statements = Object.values(policies).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const personalize = statements
      .filter((statement) => String(statement.Action).startsWith('personalize:'))
      .map((statement) => [statement.Action, statement.Resource]);
    expect(personalize).toEqual([
      ['personalize:ListSolutionVersions', SOLUTION],
      [['personalize:DescribeSolutionVersion', 'personalize:StopSolutionVersionCreation'], `${SOLUTION}/*`],
    ]);
    const others = statements.filter((statement) => !String(statement.Action).startsWith('personalize:'));
    expect(others.map((statement) => statement.Action)).toEqual([['logs:CreateLogStream', 'logs:PutLogEvents']]);
  });

  test('functions use no managed policy', () => {
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'lambda.amazonaws.com' } }] } },
    });
    const own = Object.entries(roles).filter(([id]) => id.startsWith('Version'));
    expect(own.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'VersionProviderRole',
      'VersionResourceFunctionRole',
      'VersionSignalFunctionRole',
    ]);
    for (const [, role] of own) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('solution construct is kept', () => {
    const stack = newStack();
    const solution = Solution.fromSolutionArn(stack, 'Solution', SOLUTION);
    const version = new SolutionVersion(stack, 'Version', { solution });
    expect(version.solution).toBe(solution);
    expect(new SolutionVersion(stack, 'ByArn', { solution: SOLUTION }).solution).toBeUndefined();
  });

  test('training logs are encrypted', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^VersionTrainingLogsKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('new inputs get a new wait condition', () => {
    const handleOf = (t: Template) => Object.keys(t.findResources('AWS::CloudFormation::WaitConditionHandle'))[0];
    const full = handleOf(template);
    expect(handleOf(synthesize().template)).toBe(full);
    expect(handleOf(synthesize({ trainingMode: TrainingMode.UPDATE }).template)).not.toBe(full);
    expect(handleOf(synthesize({ solution: { solutionArn: `${SOLUTION}-2` } }).template)).not.toBe(full);
    expect(handleOf(synthesize({ trainingTimeout: Duration.hours(6) }).template)).not.toBe(full);
    expect(handleOf(synthesize({ pollInterval: Duration.minutes(1) }).template)).toBe(full);
  });

  test('timeout and poll interval are configurable', () => {
    const custom = synthesize({ trainingTimeout: Duration.hours(3), pollInterval: Duration.minutes(1) }).template;
    custom.hasResourceProperties('AWS::CloudFormation::WaitCondition', { Timeout: '10800' });
    const machine = Object.values(custom.findResources('AWS::StepFunctions::StateMachine'))[0];
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    expect(definition).toContain('\\"WaitForTraining\\":{\\"Type\\":\\"Wait\\",\\"Seconds\\":60');
    expect(definition).toContain('\\"TimeoutSeconds\\":10800');
  });

  test.each([
    [
      'long timeout',
      { trainingTimeout: Duration.hours(13) },
      'trainingTimeout must be between 1 minute and 12 hours, received 13 hours',
    ],
    [
      'short poll',
      { pollInterval: Duration.seconds(5) },
      'pollInterval must be between 10 seconds and 1 hour, received 5 seconds',
    ],
    [
      'unknown mode',
      { trainingMode: 'AUTOTRAIN' as TrainingMode },
      'trainingMode must be one of FULL, UPDATE, received "AUTOTRAIN"',
    ],
  ])('rejects %s', (_label, props, message) => {
    expect(() => synthesize(props)).toThrow(new Error(`Test/Version: ${message}`));
  });

  test('reports all problems together', () => {
    expect(() => synthesize({ trainingTimeout: Duration.days(1), pollInterval: Duration.hours(2) })).toThrow(
      new Error(
        [
          'Test/Version: 2 problems',
          '  Test/Version: trainingTimeout must be between 1 minute and 12 hours, received 1 day',
          '  Test/Version: pollInterval must be between 10 seconds and 1 hour, received 2 hours',
        ].join('\n'),
      ),
    );
  });
});
