/** The in-memory registry of every resource the emulator holds. */
import type { DatasetSchema, DatasetType } from '../schema/model';
import type { CompiledFilter } from '../filter/types';
import type { Model, RecipeName, SolutionMetrics } from '../scorer/types';
import type { ArnScope } from './arns';
import { notFound } from './errors';
import { GroupRecords } from './group-records';
import type { Status, StepRun } from './lifecycle';

/** Members every resource with a status carries. */
export interface TrackedResource {
  readonly arn: string;
  readonly name: string;
  status: Status;
  readonly creationDateTime: number;
  lastUpdatedDateTime: number;
  failureReason?: string;
  /** The steps still to run for the current status sequence. */
  pending?: StepRun;
}

export interface DatasetGroupEntry extends TrackedResource {
  readonly roleArn?: string;
  readonly kmsKeyArn?: string;
  readonly records: GroupRecords;
}

export interface SchemaEntry {
  readonly arn: string;
  readonly name: string;
  /** The Avro JSON as the caller sent it. */
  readonly schema: string;
  readonly creationDateTime: number;
  /** The schema checked for each dataset type it has been used for, by type. */
  readonly parsed: Map<DatasetType, DatasetSchema>;
}

export interface DatasetEntry extends TrackedResource {
  readonly datasetGroupArn: string;
  readonly datasetType: DatasetType;
  readonly schemaArn: string;
  readonly schema: DatasetSchema;
}

export interface ImportJobEntry extends TrackedResource {
  readonly datasetArn: string;
  readonly dataLocation: string;
  readonly importMode: 'FULL' | 'INCREMENTAL';
  readonly roleArn?: string;
}

export interface SolutionEntry extends TrackedResource {
  readonly datasetGroupArn: string;
  readonly recipeArn: string;
  readonly recipe: RecipeName;
  readonly eventType?: string;
  /** The solutionConfig as received, returned unchanged by Describe calls. */
  readonly solutionConfig?: Record<string, unknown>;
  readonly hyperparameters: Record<string, string>;
  performAutoTraining: boolean;
  readonly performHPO: boolean;
  /** The last UpdateSolution call, which the service reports as latestSolutionUpdate. */
  latestUpdate?: SolutionUpdate;
}

export interface SolutionUpdate {
  readonly performAutoTraining: boolean;
  readonly schedulingExpression?: string;
  readonly creationDateTime: number;
}

export type TrainingMode = 'FULL' | 'UPDATE' | 'AUTOTRAIN';

export interface SolutionVersionEntry extends TrackedResource {
  readonly solutionArn: string;
  readonly trainingMode: TrainingMode;
  model?: Model;
  metrics?: SolutionMetrics;
  trainingHours?: number;
}

/** A campaign's deployed settings; an update builds a new one while the old one keeps serving. */
export interface CampaignSettings {
  readonly solutionVersionArn: string;
  readonly minProvisionedTPS: number;
  readonly campaignConfig?: Record<string, unknown>;
}

export interface CampaignUpdate extends CampaignSettings {
  status: Status;
  failureReason?: string;
  readonly creationDateTime: number;
  lastUpdatedDateTime: number;
}

export interface CampaignEntry extends TrackedResource {
  settings: CampaignSettings;
  latestUpdate?: CampaignUpdate;
}

export interface FilterEntry extends TrackedResource {
  readonly datasetGroupArn: string;
  readonly filterExpression: string;
  readonly compiled: CompiledFilter;
}

export interface EventTrackerEntry extends TrackedResource {
  readonly datasetGroupArn: string;
  readonly trackingId: string;
}

/** Every resource by ARN (event trackers also by tracking id). */
export class EmulatorState {
  readonly datasetGroups = new Map<string, DatasetGroupEntry>();
  readonly schemas = new Map<string, SchemaEntry>();
  readonly datasets = new Map<string, DatasetEntry>();
  readonly importJobs = new Map<string, ImportJobEntry>();
  readonly solutions = new Map<string, SolutionEntry>();
  readonly solutionVersions = new Map<string, SolutionVersionEntry>();
  readonly campaigns = new Map<string, CampaignEntry>();
  readonly filters = new Map<string, FilterEntry>();
  readonly eventTrackers = new Map<string, EventTrackerEntry>();

  constructor(readonly scope: ArnScope) {}

  datasetGroup(arn: string): DatasetGroupEntry {
    return found(this.datasetGroups.get(arn), 'dataset group', arn);
  }

  schema(arn: string): SchemaEntry {
    return found(this.schemas.get(arn), 'schema', arn);
  }

  dataset(arn: string): DatasetEntry {
    return found(this.datasets.get(arn), 'dataset', arn);
  }

  importJob(arn: string): ImportJobEntry {
    return found(this.importJobs.get(arn), 'dataset import job', arn);
  }

  solution(arn: string): SolutionEntry {
    return found(this.solutions.get(arn), 'solution', arn);
  }

  solutionVersion(arn: string): SolutionVersionEntry {
    return found(this.solutionVersions.get(arn), 'solution version', arn);
  }

  campaign(arn: string): CampaignEntry {
    return found(this.campaigns.get(arn), 'campaign', arn);
  }

  filter(arn: string): FilterEntry {
    return found(this.filters.get(arn), 'filter', arn);
  }

  eventTracker(arn: string): EventTrackerEntry {
    return found(this.eventTrackers.get(arn), 'event tracker', arn);
  }

  /** Finds the event tracker with this tracking id. */
  trackerByTrackingId(trackingId: string): EventTrackerEntry | undefined {
    return [...this.eventTrackers.values()].find((tracker) => tracker.trackingId === trackingId);
  }

  /** Finds the group's dataset of one type. */
  groupDataset(datasetGroupArn: string, datasetType: DatasetType): DatasetEntry | undefined {
    return [...this.datasets.values()].find(
      (dataset) => dataset.datasetGroupArn === datasetGroupArn && dataset.datasetType === datasetType,
    );
  }

  /** Lists the trained models of the group's solution versions, each once. */
  groupModels(datasetGroupArn: string): Model[] {
    const models: Model[] = [];
    for (const version of this.solutionVersions.values()) {
      const solution = this.solutions.get(version.solutionArn);
      if (solution?.datasetGroupArn === datasetGroupArn && version.model !== undefined) {
        models.push(version.model);
      }
    }
    return models;
  }
}

function found<T>(entry: T | undefined, kind: string, arn: string): T {
  if (entry === undefined) throw notFound(kind, arn);
  return entry;
}
