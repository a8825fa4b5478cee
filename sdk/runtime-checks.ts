/** Checks for runtime API request members, with the service's limits. */
import type { Promotion } from '@aws-sdk/client-personalize-runtime';
import { RequestValidationError } from './errors';
import type { FilterCatalog, FilterSelection } from './filters';
import {
  reject,
  requireArn,
  requireArray,
  requireId,
  requireInteger,
  requireMembers,
  requireString,
  requireStringMap,
} from './validate';

/** Service limits on results: 500 items, or 50 when item metadata is returned. */
export const MAX_NUM_RESULTS = 500;
export const MAX_NUM_RESULTS_WITH_METADATA = 50;
/** Service limits on personalized ranking input: 500 item ids, or 50 when item metadata is returned. */
export const MAX_INPUT_LIST = 500;
export const MAX_INPUT_LIST_WITH_METADATA = 50;
/** Documented maximum of Items dataset columns returned with recommendations. */
export const MAX_METADATA_COLUMNS = 10;

/** A promotion as requests state it: the filter is named or given by ARN, and its values are typed. */
export interface PromotionRequest extends FilterSelection {
  /** 1 to 63 characters: letters, digits, `-` and `_`, starting with a letter or digit. */
  readonly name: string;
  /** Share of the results taken from the promotion, 1 to 100. */
  readonly percentPromotedItems: number;
}

const PROMOTION_MEMBERS = ['name', 'percentPromotedItems', 'filter', 'filterArn', 'filterValues'];

/** Checks that exactly one of `campaignArn` and `recommenderArn` is set. */
export function checkTarget(request: { campaignArn?: unknown; recommenderArn?: unknown }): {
  campaignArn?: string;
  recommenderArn?: string;
} {
  if (request.campaignArn !== undefined && request.recommenderArn !== undefined) {
    const message = 'campaignArn and recommenderArn cannot both be set (set one)';
    throw new RequestValidationError('recommenderArn', 'exclusive', request.recommenderArn, message);
  }
  if (request.recommenderArn !== undefined)
    return { recommenderArn: requireArn('recommenderArn', request.recommenderArn) };
  return { campaignArn: requireArn('campaignArn', request.campaignArn) };
}

export function checkNumResults(value: unknown, withMetadata: boolean): number | undefined {
  if (value === undefined) return undefined;
  return requireInteger('numResults', value, 1, withMetadata ? MAX_NUM_RESULTS_WITH_METADATA : MAX_NUM_RESULTS);
}

/** Checks `context`: at most 150 keys of `[A-Za-z0-9_]+` up to 150 characters, values up to 1,000 characters. */
export function checkContext(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  return requireStringMap('context', value, {
    maxEntries: 150,
    keyPattern: /^[A-Za-z\d_]+$/,
    keyPatternDescription: 'letters, digits and underscores',
    keyMaxLength: 150,
    valueMaxLength: 1000,
  });
}

/** Checks item column names and returns the wire map, whose only key the service accepts is `ITEMS`. */
export function checkMetadataColumns(value: unknown): Record<string, string[]> | undefined {
  if (value === undefined) return undefined;
  const columns = requireArray('metadataColumns', value, 1, MAX_METADATA_COLUMNS);
  return {
    ITEMS: columns.map((column, index) => requireString(`metadataColumns[${index}]`, column, { maxLength: 150 })),
  };
}

export function checkInputList(value: unknown, withMetadata: boolean): string[] {
  const maximum = withMetadata ? MAX_INPUT_LIST_WITH_METADATA : MAX_INPUT_LIST;
  return requireArray('inputList', value, 1, maximum).map((itemId, index) => requireId(`inputList[${index}]`, itemId));
}

/** Checks promotions (at most one) and resolves each promotion's filter to wire members. */
export function checkPromotions(value: unknown, filters: FilterCatalog): Promotion[] | undefined {
  if (value === undefined) return undefined;
  return requireArray('promotions', value, 1, 1).map((entry, index) => {
    const prefix = `promotions[${index}].`;
    // requireMembers rules out null, non-objects and unknown members before the cast.
    const promotion = requireMembers(`promotions[${index}]`, entry, PROMOTION_MEMBERS) as unknown as PromotionRequest;
    const name = requireString(`${prefix}name`, promotion.name, {
      maxLength: 63,
      pattern: /^[a-zA-Z0-9][a-zA-Z0-9\-_]*$/,
      patternDescription: 'letters, digits, - and _, starting with a letter or digit',
    });
    const percentPromotedItems = requireInteger(
      `${prefix}percentPromotedItems`,
      promotion.percentPromotedItems,
      1,
      100,
    );
    const filter = filters.resolve(promotion, prefix);
    if (filter.filterArn === undefined) {
      reject(`${prefix}filter`, 'required', undefined, `${prefix}filter or ${prefix}filterArn is required`);
    }
    return { name, percentPromotedItems, ...filter };
  });
}
