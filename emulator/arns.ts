/** Name-based ARNs in the service's forms, for one region and account. */
import { randomBytes } from 'node:crypto';

export interface ArnScope {
  readonly region: string;
  readonly account: string;
}

/** Resource types as they appear in ARNs, for example `dataset-group`. */
export type ArnResourceType =
  'dataset-group' | 'schema' | 'dataset' | 'dataset-import-job' | 'solution' | 'campaign' | 'filter' | 'event-tracker';

export function resourceArn(scope: ArnScope, type: ArnResourceType, path: string): string {
  return `arn:aws:personalize:${scope.region}:${scope.account}:${type}/${path}`;
}

/** Solution version ARNs are the solution's ARN followed by an 8-digit hexadecimal id. */
export function solutionVersionArn(solutionArn: string): string {
  return `${solutionArn}/${randomBytes(4).toString('hex')}`;
}

/** Recipe ARNs have no region or account: `arn:aws:personalize:::recipe/NAME`. */
export const RECIPE_ARN_PREFIX = 'arn:aws:personalize:::recipe/';
