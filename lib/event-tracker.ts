import { IResource, Resource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnEventTracker } from 'aws-cdk-lib/aws-personalize';
import { Construct } from 'constructs';
import { IDatasetGroup } from './dataset-group';
import { checkName, generateName } from './private/names';
import { Problems } from './private/problems';
import { DatasetGroupRegistry } from './private/registry';

/** A Personalize event tracker, which records real-time events into its dataset group's Interactions dataset. */
export interface IEventTracker extends IResource {
  /**
   * ARN of the event tracker.
   *
   * @attribute
   */
  readonly eventTrackerArn: string;

  /** Grants `personalize:PutEvents` on this event tracker. */
  grantPutEvents(grantee: iam.IGrantable): iam.Grant;
}

/** Properties of an `EventTracker`. */
export interface EventTrackerProps {
  /** Dataset group that receives the events. A dataset group has at most one event tracker. */
  readonly datasetGroup: IDatasetGroup;

  /**
   * Name of the event tracker: 1 to 63 letters, digits, `-` or `_`, starting with a letter or digit.
   *
   * @default - a name generated from the construct path
   */
  readonly eventTrackerName?: string;
}

abstract class EventTrackerBase extends Resource implements IEventTracker {
  public abstract readonly eventTrackerArn: string;

  public grantPutEvents(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['personalize:PutEvents'],
      resourceArns: [this.eventTrackerArn],
    });
  }
}

/**
 * An event tracker. PutEvents requests name it by its tracking id, not its ARN.
 *
 * @resource AWS::Personalize::EventTracker
 * @see https://docs.aws.amazon.com/personalize/latest/dg/recording-events.html
 */
export class EventTracker extends EventTrackerBase {
  /** Imports an event tracker made outside this app. */
  public static fromEventTrackerArn(scope: Construct, id: string, eventTrackerArn: string): IEventTracker {
    class Import extends EventTrackerBase {
      public readonly eventTrackerArn = eventTrackerArn;
    }
    return new Import(scope, id, { environmentFromArn: eventTrackerArn });
  }

  public readonly eventTrackerArn: string;
  public readonly eventTrackerName: string;

  /**
   * Tracking id that PutEvents requests send as `trackingId`.
   *
   * @attribute
   */
  public readonly trackingId: string;

  /** The underlying CloudFormation resource. */
  public readonly resource: CfnEventTracker;

  public constructor(scope: Construct, id: string, props: EventTrackerProps) {
    super(scope, id);

    const registry = DatasetGroupRegistry.of(props.datasetGroup);
    const problems = new Problems();
    checkName(problems, 'eventTrackerName', props.eventTrackerName);
    const quota = registry.count('eventTrackers', this, props.datasetGroup.node.path);
    if (quota !== undefined) {
      problems.add(quota);
    }
    problems.throwIfAny(this);

    this.eventTrackerName = props.eventTrackerName ?? generateName(this);
    this.resource = new CfnEventTracker(this, 'Resource', {
      name: this.eventTrackerName,
      datasetGroupArn: props.datasetGroup.datasetGroupArn,
    });
    this.eventTrackerArn = this.resource.attrEventTrackerArn;
    this.trackingId = this.resource.attrTrackingId;
    registry.addDependant(this);
  }
}
