/** JSON responses and the mapping from SDK errors to HTTP status codes. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { PersonalizeServiceError, RequestValidationError, UnknownFilterError } from '../../sdk/errors';
import { describeReceived } from '../../sdk/validate';
import { logger } from './logger';

/** A handler for one HTTP API route, invoked with a payload format 2.0 event. */
export type ApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** Echoed values longer than this, as JSON, are replaced by a description so error bodies stay small. */
const MAX_ECHOED_VALUE_LENGTH = 1024;

export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** Builds the 400 response for a validation error: the field, the rule, the value received and the message. */
export function validationResponse(error: RequestValidationError): APIGatewayProxyStructuredResultV2 {
  return jsonResponse(400, {
    error: 'ValidationError',
    field: error.field,
    rule: error.rule,
    value: echoedValue(error.value),
    message: error.message,
  });
}

/**
 * Returns the value to echo in an error body: the value itself when its JSON is short, otherwise its description.
 * Numbers that JSON cannot hold (Infinity from `1e400`) are described too, as they would otherwise echo as null.
 */
function echoedValue(value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return describeReceived(value);
  let echoed: string | undefined;
  try {
    echoed = JSON.stringify(value);
  } catch {
    // Nesting deeper than the call stack (a body of 100,000 '[') makes JSON.stringify throw a RangeError.
    return describeReceived(value);
  }
  return echoed !== undefined && echoed.length > MAX_ECHOED_VALUE_LENGTH ? describeReceived(value) : value;
}

/**
 * Turns an error from the SDK into a response: 400 for invalid input, 404 for unknown filters and resources, 503 for
 * throttling and service faults, 502 for other service errors, 500 for anything else. Logs every error except
 * validation errors, with the route and ids but no request data.
 */
export function errorResponse(error: unknown, event: APIGatewayProxyEventV2): APIGatewayProxyStructuredResultV2 {
  if (error instanceof RequestValidationError) return validationResponse(error);
  const route = { routeKey: event.routeKey, requestId: event.requestContext?.requestId };
  if (error instanceof UnknownFilterError) {
    logger.info('unknown filter name', { ...route, filterName: error.filterName });
    return jsonResponse(404, { error: 'FilterNotFound', message: error.message });
  }
  if (error instanceof PersonalizeServiceError) return serviceErrorResponse(error, route);
  logger.error('request failed with an unexpected error', { ...route, error: error as Error });
  return jsonResponse(500, { error: 'InternalError', message: 'the request failed with an internal error' });
}

function serviceErrorResponse(
  error: PersonalizeServiceError,
  route: Record<string, string | undefined>,
): APIGatewayProxyStructuredResultV2 {
  const details = {
    ...route,
    operation: error.operation,
    serviceErrorName: error.serviceErrorName,
    httpStatusCode: error.httpStatusCode,
    awsRequestId: error.requestId,
  };
  if (error.serviceErrorName === 'InvalidInputException') {
    logger.warn('Personalize rejected the input', details);
    const message = `${error.operation} rejected the input: ${(error.cause as Error | undefined)?.message ?? 'invalid input'}`;
    return jsonResponse(400, { error: 'InvalidInput', message });
  }
  if (error.serviceErrorName === 'ResourceNotFoundException') {
    logger.error('a configured Personalize resource was not found', details);
    const message = `${error.operation} failed because a configured Personalize resource was not found`;
    return jsonResponse(404, { error: 'ResourceNotFound', message });
  }
  if (error.retryable) {
    logger.warn('Personalize is throttling or unavailable', details);
    const message = `${error.operation} is unavailable or throttled; retry after a short wait`;
    return jsonResponse(503, { error: 'ServiceUnavailable', message }, { 'retry-after': '1' });
  }
  logger.error('Personalize call failed', details);
  return jsonResponse(502, {
    error: 'BadGateway',
    message: `${error.operation} failed with ${error.serviceErrorName}`,
  });
}

/** Wraps a handler body so that every thrown error becomes a JSON response. */
export function withErrorResponses(
  body: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>,
): ApiHandler {
  return async (event) => {
    try {
      return await body(event);
    } catch (error) {
      return errorResponse(error, event);
    }
  };
}
