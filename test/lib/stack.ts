import { App, Stack } from 'aws-cdk-lib';

/** Creates a stack with a fixed account and region, so that synthesized ARNs and conditions are predictable. */
export function newStack(id = 'Test'): Stack {
  const app = new App();
  return new Stack(app, id, { env: { account: '123456789012', region: 'us-east-1' } });
}
