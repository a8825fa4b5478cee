import { Annotations, IResource, Resource, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnRecommender } from 'aws-cdk-lib/aws-personalize';
import { Construct } from 'constructs';
import { DatasetGroup, DatasetGroupDomain, IDatasetGroup } from './dataset-group';
import { IFilter } from './filter';
import { checkName, generateName } from './private/names';
import { Problems } from './private/problems';
import { DatasetGroupRegistry } from './private/registry';

/** The service allows at most 5 recommenders per dataset group. */
export const MAX_RECOMMENDERS_PER_DATASET_GROUP = 5;

/** A Personalize recommender: a model for one use case of a domain dataset group, with a real-time endpoint. */
export interface IRecommender extends IResource {
  /**
   * ARN of the recommender, which GetRecommendations requests send as `recommenderArn`.
   *
   * @attribute
   */
  readonly recommenderArn: string;

  /**
   * Grants `personalize:GetRecommendations` on this recommender and on the given filters, which requests may name
   * as `filterArn`.
   */
  grantGetRecommendations(grantee: iam.IGrantable, ...filters: IFilter[]): iam.Grant;
}

/**
 * A use case of a domain dataset group, which fixes the recipe a recommender trains.
 *
 * @see https://docs.aws.amazon.com/personalize/latest/dg/ECOMMERCE-use-cases.html
 * @see https://docs.aws.amazon.com/personalize/latest/dg/VIDEO_ON_DEMAND-use-cases.html
 */
export class RecommenderUseCase {
  /** Most viewed items (needs `View` events). */
  public static readonly ECOMMERCE_MOST_VIEWED = new RecommenderUseCase(
    DatasetGroupDomain.ECOMMERCE,
    'aws-ecomm-popular-items-by-views',
  );
  /** Best-selling items (needs `Purchase` events). */
  public static readonly ECOMMERCE_BEST_SELLERS = new RecommenderUseCase(
    DatasetGroupDomain.ECOMMERCE,
    'aws-ecomm-popular-items-by-purchases',
  );
  /** Items often bought together with a given item. */
  public static readonly ECOMMERCE_FREQUENTLY_BOUGHT_TOGETHER = new RecommenderUseCase(
    DatasetGroupDomain.ECOMMERCE,
    'aws-ecomm-frequently-bought-together',
  );
  /** Items viewed by customers who viewed a given item. */
  public static readonly ECOMMERCE_CUSTOMERS_WHO_VIEWED_X_ALSO_VIEWED = new RecommenderUseCase(
    DatasetGroupDomain.ECOMMERCE,
    'aws-ecomm-customers-who-viewed-x-also-viewed',
  );
  /** Items ranked for one user. */
  public static readonly ECOMMERCE_RECOMMENDED_FOR_YOU = new RecommenderUseCase(
    DatasetGroupDomain.ECOMMERCE,
    'aws-ecomm-recommended-for-you',
  );
  /** Videos watched by users who watched a given video. */
  public static readonly VIDEO_ON_DEMAND_BECAUSE_YOU_WATCHED_X = new RecommenderUseCase(
    DatasetGroupDomain.VIDEO_ON_DEMAND,
    'aws-vod-because-you-watched-x',
  );
  /** Videos similar to a given video. */
  public static readonly VIDEO_ON_DEMAND_MORE_LIKE_X = new RecommenderUseCase(
    DatasetGroupDomain.VIDEO_ON_DEMAND,
    'aws-vod-more-like-x',
  );
  /** Most watched videos. */
  public static readonly VIDEO_ON_DEMAND_MOST_POPULAR = new RecommenderUseCase(
    DatasetGroupDomain.VIDEO_ON_DEMAND,
    'aws-vod-most-popular',
  );
  /** Videos ranked for one user. */
  public static readonly VIDEO_ON_DEMAND_TOP_PICKS = new RecommenderUseCase(
    DatasetGroupDomain.VIDEO_ON_DEMAND,
    'aws-vod-top-picks',
  );
  /** Videos gaining popularity fastest. */
  public static readonly VIDEO_ON_DEMAND_TRENDING_NOW = new RecommenderUseCase(
    DatasetGroupDomain.VIDEO_ON_DEMAND,
    'aws-vod-trending-now',
  );

  /** A use case that this class does not list yet, by its domain and recipe name (the last part of its ARN). */
  public static of(domain: DatasetGroupDomain, recipeName: string): RecommenderUseCase {
    return new RecommenderUseCase(domain, recipeName);
  }

  /** ARN of the use case's recipe, which CreateRecommender takes as `recipeArn`. */
  public readonly recipeArn: string;

  private constructor(
    /** Domain whose dataset groups offer this use case. */
    public readonly domain: DatasetGroupDomain,
    /** Recipe name, for example `aws-vod-top-picks`. */
    public readonly recipeName: string,
  ) {
    this.recipeArn = `arn:aws:personalize:::recipe/${recipeName}`;
  }
}

/** Properties of a `Recommender`. */
export interface RecommenderProps {
  /** Domain dataset group whose data the recommender trains on. A dataset group has at most 5 recommenders. */
  readonly datasetGroup: IDatasetGroup;

  /** Use case, which must belong to the dataset group's domain. */
  readonly useCase: RecommenderUseCase;

  /**
   * Name of the recommender: 1 to 63 letters, digits, `-` or `_`, starting with a letter or digit.
   *
   * @default - a name generated from the construct path
   */
  readonly recommenderName?: string;

  /**
   * Minimum recommendation requests per second that the recommender is provisioned for, a whole number of at least
   * 1. The recommender is billed for at least this rate every hour it is active, so values above 1 raise a warning.
   *
   * @default 1
   */
  readonly minRecommendationRequestsPerSecond?: number;

  /**
   * Whether recommendations can include item metadata (`metadataColumns` in requests), which costs extra.
   *
   * @default false
   */
  readonly enableMetadataWithRecommendations?: boolean;
}

abstract class RecommenderBase extends Resource implements IRecommender {
  public abstract readonly recommenderArn: string;

  public grantGetRecommendations(grantee: iam.IGrantable, ...filters: IFilter[]): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['personalize:GetRecommendations'],
      resourceArns: [this.recommenderArn, ...filters.map((filter) => filter.filterArn)],
    });
  }
}

/** Recommenders counted per dataset group object, against the service's quota. */
const recommenderCounts = new WeakMap<object, Recommender[]>();

/**
 * A recommender of a domain dataset group. Its provisioned request rate and configuration change in place; a new
 * use case or name replaces it.
 *
 * @resource AWS::Personalize::Recommender
 * @see https://docs.aws.amazon.com/personalize/latest/dg/creating-recommenders.html
 */
export class Recommender extends RecommenderBase {
  /** Imports a recommender made outside this app. */
  public static fromRecommenderArn(scope: Construct, id: string, recommenderArn: string): IRecommender {
    class Import extends RecommenderBase {
      public readonly recommenderArn = recommenderArn;
    }
    return new Import(scope, id, { environmentFromArn: recommenderArn });
  }

  public readonly recommenderArn: string;
  public readonly recommenderName: string;

  /** The underlying CloudFormation resource. */
  public readonly resource: CfnRecommender;

  public constructor(scope: Construct, id: string, props: RecommenderProps) {
    super(scope, id);

    const rate = props.minRecommendationRequestsPerSecond ?? 1;
    const problems = new Problems();
    checkName(problems, 'recommenderName', props.recommenderName);
    if (!Token.isUnresolved(rate) && (!Number.isInteger(rate) || rate < 1)) {
      problems.add(`minRecommendationRequestsPerSecond must be a whole number of at least 1, got ${rate}`);
    }
    checkDomain(problems, props);
    checkQuota(problems, this, props.datasetGroup);
    problems.throwIfAny(this);

    if (!Token.isUnresolved(rate) && rate > 1) {
      Annotations.of(this).addWarningV2(
        'personalize:recommender-request-rate',
        `minRecommendationRequestsPerSecond: the recommender is billed for at least ${rate} requests per second every hour it is active, got ${rate}; 1 is the cheapest and the service scales up with traffic`,
      );
    }

    this.recommenderName = props.recommenderName ?? generateName(this);
    this.resource = new CfnRecommender(this, 'Resource', {
      name: this.recommenderName,
      datasetGroupArn: props.datasetGroup.datasetGroupArn,
      recipeArn: props.useCase.recipeArn,
      recommenderConfig: {
        minRecommendationRequestsPerSecond: rate,
        enableMetadataWithRecommendations: props.enableMetadataWithRecommendations ?? false,
      },
    });
    this.recommenderArn = this.resource.attrRecommenderArn;
    // The recommender trains on the datasets when it is created, so it must be deleted before them.
    DatasetGroupRegistry.of(props.datasetGroup).addDependant(this);
  }
}

/** Checks that the use case belongs to the dataset group's domain, where the dataset group is defined in this app. */
function checkDomain(problems: Problems, props: RecommenderProps): void {
  const group = props.datasetGroup;
  if (!(group instanceof DatasetGroup)) {
    return;
  }
  if (group.domain === undefined) {
    problems.add(
      `datasetGroup: recommenders need a domain dataset group (ECOMMERCE or VIDEO_ON_DEMAND), got the custom dataset group ${group.node.path}`,
    );
  } else if (group.domain !== props.useCase.domain) {
    problems.add(
      `useCase: ${props.useCase.recipeName} belongs to the ${props.useCase.domain} domain, but dataset group ${group.node.path} has domain ${group.domain}`,
    );
  }
}

function checkQuota(problems: Problems, recommender: Recommender, datasetGroup: IDatasetGroup): void {
  const list = recommenderCounts.get(datasetGroup) ?? [];
  list.push(recommender);
  recommenderCounts.set(datasetGroup, list);
  if (list.length > MAX_RECOMMENDERS_PER_DATASET_GROUP) {
    problems.add(
      `datasetGroup: a dataset group can have at most ${MAX_RECOMMENDERS_PER_DATASET_GROUP} recommenders, ` +
        `got ${list.length} for ${datasetGroup.node.path} (${list.map((item) => item.node.path).join(', ')})`,
    );
  }
}
