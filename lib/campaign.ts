import { Annotations, Duration, IResource, Resource, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnCampaign } from 'aws-cdk-lib/aws-personalize';
import { Construct } from 'constructs';
import { IFilter } from './filter';
import { checkName, generateName } from './private/names';
import { checkRange, Problems } from './private/problems';
import { DatasetGroupRegistry } from './private/registry';
import { RecipeType } from './recipe';
import { ISolutionVersion, Solution } from './solution';

/** A Personalize campaign: a deployed solution version that serves real-time recommendation requests. */
export interface ICampaign extends IResource {
  /**
   * ARN of the campaign, which runtime requests send as `campaignArn`.
   *
   * @attribute
   */
  readonly campaignArn: string;

  /**
   * Grants `personalize:GetRecommendations` on this campaign and on the given filters, which requests may name as
   * `filterArn`.
   */
  grantGetRecommendations(grantee: iam.IGrantable, ...filters: IFilter[]): iam.Grant;

  /**
   * Grants `personalize:GetPersonalizedRanking` on this campaign and on the given filters, which requests may name
   * as `filterArn`.
   */
  grantGetPersonalizedRanking(grantee: iam.IGrantable, ...filters: IFilter[]): iam.Grant;

  /** A metric of this campaign in the `AWS/Personalize` namespace, with the `CampaignArn` dimension. */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /** Successful GetRecommendations requests; the service publishes only the Sum statistic. */
  metricGetRecommendations(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /** Time from receiving a GetRecommendations request to sending the response, in milliseconds (average). */
  metricGetRecommendationsLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /** GetRecommendations requests that returned a 4xx status code (sum). */
  metricGetRecommendations4xxErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /** GetRecommendations requests that returned a 5xx status code (sum). */
  metricGetRecommendations5xxErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /** Successful GetPersonalizedRanking requests; the service publishes only the Sum statistic. */
  metricGetPersonalizedRanking(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /** Time from receiving a GetPersonalizedRanking request to sending the response, in milliseconds (average). */
  metricGetPersonalizedRankingLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** Properties of a `Campaign`. */
export interface CampaignProps {
  /**
   * Solution version to deploy: a `SolutionVersion` construct, any object with `solutionVersionArn`, or an ARN.
   * A change deploys the new version in place (UpdateCampaign).
   */
  readonly solutionVersion: ISolutionVersion | string;

  /**
   * Name of the campaign: 1 to 63 letters, digits, `-` or `_`, starting with a letter or digit.
   *
   * @default - a name generated from the construct path
   */
  readonly campaignName?: string;

  /**
   * Minimum provisioned transactions per second, a whole number of at least 1. The campaign is billed for at least
   * this throughput every hour it exists, so values above 1 raise a warning.
   *
   * @default 1
   */
  readonly minProvisionedTps?: number;

  /**
   * Share of recommendations that explore new or rarely seen items, from 0 to 1. User-personalization recipes only.
   *
   * @default - the service's default, 0.3
   */
  readonly explorationWeight?: number;

  /**
   * Maximum age of items to explore, counted back from the latest interaction in the dataset, a whole number of
   * days of at least 1. User-personalization recipes only.
   *
   * @default - the service's default, 30 days
   */
  readonly explorationItemAgeCutOff?: Duration;

  /**
   * Whether recommendations can include item metadata (`metadataColumns` in requests), which costs extra.
   *
   * @default false
   */
  readonly enableMetadataWithRecommendations?: boolean;

  /**
   * Whether the campaign deploys each new ACTIVE solution version of its solution automatically, which needs
   * automatic training or other retraining to produce new versions.
   *
   * @default false
   */
  readonly syncWithLatestSolutionVersion?: boolean;
}

abstract class CampaignBase extends Resource implements ICampaign {
  public abstract readonly campaignArn: string;

  public grantGetRecommendations(grantee: iam.IGrantable, ...filters: IFilter[]): iam.Grant {
    return this.grantRuntime(grantee, 'personalize:GetRecommendations', filters);
  }

  public grantGetPersonalizedRanking(grantee: iam.IGrantable, ...filters: IFilter[]): iam.Grant {
    return this.grantRuntime(grantee, 'personalize:GetPersonalizedRanking', filters);
  }

  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/Personalize',
      metricName,
      dimensionsMap: { CampaignArn: this.campaignArn },
      ...props,
    }).attachTo(this);
  }

  public metricGetRecommendations(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('GetRecommendations', { statistic: 'Sum', ...props });
  }

  public metricGetRecommendationsLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('GetRecommendationsLatency', {
      statistic: 'Average',
      unit: cloudwatch.Unit.MILLISECONDS,
      ...props,
    });
  }

  public metricGetRecommendations4xxErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('GetRecommendations4xxErrors', { statistic: 'Sum', ...props });
  }

  public metricGetRecommendations5xxErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('GetRecommendations5xxErrors', { statistic: 'Sum', ...props });
  }

  public metricGetPersonalizedRanking(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('GetPersonalizedRanking', { statistic: 'Sum', ...props });
  }

  public metricGetPersonalizedRankingLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('GetPersonalizedRankingLatency', {
      statistic: 'Average',
      unit: cloudwatch.Unit.MILLISECONDS,
      ...props,
    });
  }

  private grantRuntime(grantee: iam.IGrantable, action: string, filters: readonly IFilter[]): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [action],
      resourceArns: [this.campaignArn, ...filters.map((filter) => filter.filterArn)],
    });
  }
}

/**
 * A campaign. Solution version, provisioned throughput and campaign settings change in place; a new name
 * replaces the campaign.
 *
 * @resource AWS::Personalize::Campaign
 * @see https://docs.aws.amazon.com/personalize/latest/dg/campaigns.html
 */
export class Campaign extends CampaignBase {
  /** Imports a campaign made outside this app. */
  public static fromCampaignArn(scope: Construct, id: string, campaignArn: string): ICampaign {
    class Import extends CampaignBase {
      public readonly campaignArn = campaignArn;
    }
    return new Import(scope, id, { environmentFromArn: campaignArn });
  }

  public readonly campaignArn: string;
  public readonly campaignName: string;

  /** The underlying CloudFormation resource. */
  public readonly resource: CfnCampaign;

  public constructor(scope: Construct, id: string, props: CampaignProps) {
    super(scope, id);

    const version =
      typeof props.solutionVersion === 'string' ? { solutionVersionArn: props.solutionVersion } : props.solutionVersion;
    const minProvisionedTps = props.minProvisionedTps ?? 1;
    const problems = new Problems();
    checkName(problems, 'campaignName', props.campaignName);
    if (!Token.isUnresolved(minProvisionedTps) && (!Number.isInteger(minProvisionedTps) || minProvisionedTps < 1)) {
      problems.add(`minProvisionedTps must be a whole number of at least 1, got ${minProvisionedTps}`);
    }
    checkExploration(problems, props, version);
    countCampaign(problems, this, version);
    problems.throwIfAny(this);

    if (!Token.isUnresolved(minProvisionedTps) && minProvisionedTps > 1) {
      Annotations.of(this).addWarningV2(
        'personalize:campaign-provisioned-tps',
        `minProvisionedTps: the campaign is billed for at least ${minProvisionedTps} transactions per second every hour, got ${minProvisionedTps}; 1 is the cheapest and the service scales up with traffic`,
      );
    }

    this.campaignName = props.campaignName ?? generateName(this);
    this.resource = new CfnCampaign(this, 'Resource', {
      name: this.campaignName,
      solutionVersionArn: version.solutionVersionArn,
      minProvisionedTps,
      campaignConfig: renderCampaignConfig(props),
    });
    this.campaignArn = this.resource.attrCampaignArn;
  }
}

function checkExploration(problems: Problems, props: CampaignProps, version: ISolutionVersion): void {
  checkRange(problems, 'explorationWeight', props.explorationWeight, 0, 1);
  const cutOff = props.explorationItemAgeCutOff;
  if (cutOff !== undefined && !cutOff.isUnresolved()) {
    const days = cutOff.toDays({ integral: false });
    if (!Number.isInteger(days) || days < 1) {
      problems.add(
        `explorationItemAgeCutOff must be a whole number of days of at least 1, got ${cutOff.toHumanString()}`,
      );
    }
  }
  const recipe = version.solution?.recipe;
  const explores = props.explorationWeight !== undefined || cutOff !== undefined;
  if (explores && recipe !== undefined && recipe.recipeType !== RecipeType.USER_PERSONALIZATION) {
    problems.add(
      `explorationWeight and explorationItemAgeCutOff apply only to user-personalization recipes, got recipe ${recipe.recipeName}`,
    );
  }
}

function countCampaign(problems: Problems, campaign: Campaign, version: ISolutionVersion): void {
  const solution = version.solution;
  if (!(solution instanceof Solution)) {
    return;
  }
  const quota = DatasetGroupRegistry.of(solution.datasetGroup).count(
    'campaigns',
    campaign,
    solution.datasetGroup.node.path,
  );
  if (quota !== undefined) {
    problems.add(quota.replace(/^datasetGroup:/, 'solutionVersion:'));
  }
}

function renderCampaignConfig(props: CampaignProps): CfnCampaign.CampaignConfigProperty | undefined {
  const exploration: Record<string, string> = {};
  if (props.explorationWeight !== undefined) {
    exploration.explorationWeight = Token.isUnresolved(props.explorationWeight)
      ? Token.asString(props.explorationWeight)
      : String(props.explorationWeight);
  }
  if (props.explorationItemAgeCutOff !== undefined) {
    exploration.explorationItemAgeCutOff = props.explorationItemAgeCutOff.toDays().toString();
  }
  const config: CfnCampaign.CampaignConfigProperty = {
    itemExplorationConfig: Object.keys(exploration).length > 0 ? exploration : undefined,
    enableMetadataWithRecommendations: props.enableMetadataWithRecommendations,
    syncWithLatestSolutionVersion: props.syncWithLatestSolutionVersion,
  };
  return Object.values(config).every((value) => value === undefined) ? undefined : config;
}
