/**
 * The structured logger all handlers share, created once per execution environment. Handlers log request ids, routes
 * and error names, never user ids or whole events. `POWERTOOLS_LOG_LEVEL` sets the level.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'recommendation-api' });
