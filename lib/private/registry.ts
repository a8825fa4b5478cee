import { Construct, IConstruct } from 'constructs';
import type { DatasetSchema, DatasetType } from '../../schema/model';

/** A dataset as its dataset group's registry records it. */
export interface RegisteredDataset {
  readonly construct: IConstruct;
  readonly datasetType: DatasetType;
  /** The parsed schema, where the dataset's schema was defined in this app. */
  readonly schema?: DatasetSchema;
}

/** Resource kinds that the service limits per dataset group. */
export type QuotaKind = 'solutions' | 'campaigns' | 'filters' | 'eventTrackers';

/** Per-dataset-group quotas of the service. */
export const DATASET_GROUP_QUOTAS: Readonly<Record<QuotaKind, number>> = {
  solutions: 10,
  campaigns: 5,
  filters: 10,
  eventTrackers: 1,
};

const QUOTA_NOUNS: Readonly<Record<QuotaKind, string>> = {
  solutions: 'solutions',
  campaigns: 'campaigns',
  filters: 'filters',
  eventTrackers: 'event trackers',
};

/**
 * The resources of one dataset group that this app defines.
 *
 * The registry counts resources against the per-dataset-group quotas and gives recipe and filter checks the datasets
 * and their schemas. It also makes every dependant (solution, filter, event tracker) depend on every dataset, so
 * that CloudFormation deletes dependants before datasets, as the service requires.
 */
export class DatasetGroupRegistry {
  private static readonly registries = new WeakMap<object, DatasetGroupRegistry>();

  /** Returns the registry of a dataset group object, creating it on first use. */
  public static of(datasetGroup: object): DatasetGroupRegistry {
    let registry = DatasetGroupRegistry.registries.get(datasetGroup);
    if (registry === undefined) {
      registry = new DatasetGroupRegistry();
      DatasetGroupRegistry.registries.set(datasetGroup, registry);
    }
    return registry;
  }

  private readonly datasetList: RegisteredDataset[] = [];
  private readonly dependants: IConstruct[] = [];
  private readonly expressions: string[] = [];
  private readonly counts: Record<QuotaKind, IConstruct[]> = {
    solutions: [],
    campaigns: [],
    filters: [],
    eventTrackers: [],
  };

  public get datasets(): readonly RegisteredDataset[] {
    return this.datasetList;
  }

  /** Returns the dataset of one type, if this app defines it. */
  public dataset(datasetType: DatasetType): RegisteredDataset | undefined {
    return this.datasetList.find((dataset) => dataset.datasetType === datasetType);
  }

  /** Expressions of the filters recorded so far, in order of creation. */
  public filterExpressions(): readonly string[] {
    return [...this.expressions];
  }

  public addFilterExpression(expression: string): void {
    this.expressions.push(expression);
  }

  /** Records a dataset and makes every known dependant depend on it. */
  public addDataset(dataset: RegisteredDataset): void {
    this.datasetList.push(dataset);
    for (const dependant of this.dependants) {
      dependant.node.addDependency(dataset.construct);
    }
  }

  /** Records a resource that must be deleted before the datasets, and makes it depend on every known dataset. */
  public addDependant(dependant: Construct): void {
    this.dependants.push(dependant);
    for (const dataset of this.datasetList) {
      dependant.node.addDependency(dataset.construct);
    }
  }

  /**
   * Counts a resource against its quota.
   *
   * @returns a problem message when the count goes over the quota, otherwise undefined
   */
  public count(kind: QuotaKind, resource: IConstruct, datasetGroupPath: string): string | undefined {
    const list = this.counts[kind];
    list.push(resource);
    const quota = DATASET_GROUP_QUOTAS[kind];
    if (list.length <= quota) {
      return undefined;
    }
    const noun = QUOTA_NOUNS[kind];
    return (
      `datasetGroup: a dataset group can have at most ${quota} ${noun}, ` +
      `got ${list.length} for ${datasetGroupPath} (${list.map((item) => item.node.path).join(', ')})`
    );
  }
}
