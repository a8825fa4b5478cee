#!/usr/bin/env node
/**
 * The CDK app: the MovieLens recommendations stack, checked by cdk-nag's AWS Solutions rules on every synth.
 *
 * Context: `-c retraining=true` starts the weekly retraining schedules enabled (they are created disabled).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PersonalizeStack } from '../lib/personalize-stack';
import { acknowledgeNagFindings } from '../lib/nag-acknowledgements';

const app = new App();
const stack = new PersonalizeStack(app, 'MovieLensPersonalize', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  retrainingEnabled: app.node.tryGetContext('retraining') === 'true' || app.node.tryGetContext('retraining') === true,
  description:
    'Amazon Personalize movie recommendations on MovieLens, with a weekly retraining workflow and an HTTP API',
});
acknowledgeNagFindings(stack);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
