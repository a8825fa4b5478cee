import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { addRecommendations } from './docs-example';
import { newStack } from './stack';

const ROOT = join(__dirname, '..', '..');

describe('docs/constructs.md example', () => {
  test('example in the docs matches the compiled file', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'constructs.md'), 'utf8');
    const example = readFileSync(join(__dirname, 'docs-example.ts'), 'utf8');

    expect(docs).toContain('```ts\n' + example + '```\n');
  });

  test('example synthesizes with the expected resources', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Api', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    addRecommendations(stack, role);

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Personalize::Dataset', 2);
    template.resourceCountIs('AWS::Personalize::Filter', 1);
    template.resourceCountIs('AWS::Personalize::Campaign', 1);
    Annotations.fromStack(stack).hasWarning(
      '/Test/ForYou',
      Match.stringLikeRegexp('personalize:solution-automatic-training'),
    );
  });
});
