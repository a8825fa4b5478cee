import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Dataset, DatasetGroup, EventTracker, Schema } from '../../lib';
import { movieDatasets } from './fixtures';
import { newStack } from './stack';

describe('EventTracker', () => {
  test('tracker exposes tracking id and deletes before datasets', () => {
    const stack = newStack();
    const { datasetGroup, interactions, items, users } = movieDatasets(stack);
    const tracker = new EventTracker(stack, 'Tracker', { datasetGroup, eventTrackerName: 'clicks' });

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Personalize::EventTracker', {
      Name: 'clicks',
      DatasetGroupArn: { 'Fn::GetAtt': [stack.getLogicalId(datasetGroup.resource), 'DatasetGroupArn'] },
    });
    expect(stack.resolve(tracker.trackingId)).toEqual({
      'Fn::GetAtt': [stack.getLogicalId(tracker.resource), 'TrackingId'],
    });
    const resource = template.findResources('AWS::Personalize::EventTracker')[stack.getLogicalId(tracker.resource)];
    expect(resource.DependsOn).toEqual(
      [interactions, items, users].map((dataset) => stack.getLogicalId(dataset.resource)).sort(),
    );
  });

  test('second tracker in a dataset group is rejected', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);
    new EventTracker(stack, 'Tracker', { datasetGroup });

    expect(() => new EventTracker(stack, 'Another', { datasetGroup })).toThrow(
      'Test/Another: datasetGroup: a dataset group can have at most 1 event trackers, got 2 for Test/Group (Test/Tracker, Test/Another)',
    );
  });

  test('grantPutEvents names the tracker', () => {
    const stack = newStack();
    const { datasetGroup } = movieDatasets(stack);
    const tracker = new EventTracker(stack, 'Tracker', { datasetGroup });
    const role = new iam.Role(stack, 'Writer', { assumedBy: new iam.AccountRootPrincipal() });
    tracker.grantPutEvents(role);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: [
          {
            Action: 'personalize:PutEvents',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [stack.getLogicalId(tracker.resource), 'EventTrackerArn'] },
          },
        ],
      },
    });
  });

  test('imported tracker grants on its ARN', () => {
    const stack = newStack();
    const arn = 'arn:aws:personalize:us-east-1:123456789012:event-tracker/abc123';
    const tracker = EventTracker.fromEventTrackerArn(stack, 'Imported', arn);
    const role = new iam.Role(stack, 'Writer', { assumedBy: new iam.AccountRootPrincipal() });
    tracker.grantPutEvents(role);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'personalize:PutEvents', Effect: 'Allow', Resource: arn }] },
    });
  });
});

describe('EventTracker created before datasets', () => {
  test('tracker still depends on later datasets', () => {
    const stack = newStack();
    const datasetGroup = new DatasetGroup(stack, 'Group', { datasetGroupName: 'movies' });
    const tracker = new EventTracker(stack, 'Tracker', { datasetGroup });
    const schema = new Schema(stack, 'Schema', { definition: Schema.interactions({ fields: [] }) });
    const interactions = new Dataset(stack, 'Interactions', { datasetGroup, schema });

    const template = Template.fromStack(stack);
    const resource = template.findResources('AWS::Personalize::EventTracker')[stack.getLogicalId(tracker.resource)];
    expect(resource.DependsOn).toEqual([stack.getLogicalId(interactions.resource)]);
  });
});
