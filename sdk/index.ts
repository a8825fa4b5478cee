/** The orchestration SDK: validated runtime and events calls over the AWS SDK v3 clients. */
export * from './errors';
export { createEventsClient, createRuntimeClient, endpointFromEnvironment } from './clients';
export { FilterCatalog, encodeTypedFilterValues, type FilterSelection, type ResolvedFilter } from './filters';
export { PersonalizeRuntime } from './runtime';
export type {
  PersonalizeRuntimeOptions,
  PromotionRequest,
  RankingRequest,
  RecommendationOptions,
  RecommendationsRequest,
  RecommendationsResult,
  RecommendedItem,
  RelatedItemsRequest,
} from './runtime';
export { PersonalizeEvents, MAX_IMPRESSION_LENGTH, MAX_RECORDS_PER_CALL } from './events';
export type {
  EventInput,
  PersonalizeEventsOptions,
  PutEventsRequest,
  PutItemsRequest,
  PutResult,
  PutUsersRequest,
} from './events';
export type { Properties, PropertyValue } from './properties';
export {
  MAX_NUM_RESULTS,
  MAX_NUM_RESULTS_WITH_METADATA,
  MAX_INPUT_LIST,
  MAX_INPUT_LIST_WITH_METADATA,
} from './runtime-checks';
