/** The error family of the orchestration SDK: request validation, unknown filter names and wrapped service failures. */

/** The base class of every error this SDK throws, so callers can tell them from programming errors. */
export class PersonalizeSdkError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A request value that breaks a service limit or an input rule; thrown before any call is made. */
export class RequestValidationError extends PersonalizeSdkError {
  /** Path of the offending value in the request, for example `numResults` or `events[2].properties`. */
  readonly field: string;
  /** A short, stable rule name, for example `range`, `length` or `forbidden-key`. */
  readonly rule: string;
  /** The value received, as the caller sent it. */
  readonly value: unknown;

  constructor(field: string, rule: string, value: unknown, message: string, options?: ErrorOptions) {
    super(message, options);
    this.field = field;
    this.rule = rule;
    this.value = value;
  }
}

/** A request named a filter that the SDK was not configured with. */
export class UnknownFilterError extends PersonalizeSdkError {
  readonly filterName: string;
  /** The names that are configured, sorted. */
  readonly knownNames: readonly string[];

  constructor(filterName: string, knownNames: readonly string[]) {
    const known =
      knownNames.length === 0 ? 'no filters are configured' : `configured filters: ${knownNames.join(', ')}`;
    super(`filter "${filterName}" is not configured (${known})`);
    this.filterName = filterName;
    this.knownNames = knownNames;
  }
}

/** A Personalize call that failed; `cause` is the error the AWS SDK threw. */
export class PersonalizeServiceError extends PersonalizeSdkError {
  /** The API operation, for example `GetRecommendations`. */
  readonly operation: string;
  /** The service's error name, for example `ResourceNotFoundException`, or the JavaScript error name for network failures. */
  readonly serviceErrorName: string;
  /** The HTTP status of the service's response; undefined when no response arrived. */
  readonly httpStatusCode: number | undefined;
  /** The AWS request id, when the service returned one. */
  readonly requestId: string | undefined;
  /** True for throttling and server-side faults, where the same request may succeed later. */
  readonly retryable: boolean;

  constructor(operation: string, cause: unknown) {
    const details = describeSdkFailure(cause);
    const status = details.httpStatusCode === undefined ? 'no response' : `HTTP ${details.httpStatusCode}`;
    super(`${operation} failed with ${details.name} (${status}): ${details.message}`, { cause });
    this.operation = operation;
    this.serviceErrorName = details.name;
    this.httpStatusCode = details.httpStatusCode;
    this.requestId = details.requestId;
    this.retryable = details.retryable;
  }
}

interface SdkFailureDetails {
  readonly name: string;
  readonly message: string;
  readonly httpStatusCode: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
}

/** The fields AWS SDK v3 service exceptions carry (`$metadata`, `$fault`, `$retryable`). */
interface SdkExceptionShape {
  name?: unknown;
  message?: unknown;
  $fault?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
}

function describeSdkFailure(cause: unknown): SdkFailureDetails {
  const shape: SdkExceptionShape = typeof cause === 'object' && cause !== null ? (cause as SdkExceptionShape) : {};
  const name = typeof shape.name === 'string' ? shape.name : 'Error';
  const httpStatusCode =
    typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  const requestId = typeof shape.$metadata?.requestId === 'string' ? shape.$metadata.requestId : undefined;
  const throttled = name.includes('Throttl') || httpStatusCode === 429;
  const serverFault = shape.$fault === 'server' || (httpStatusCode !== undefined && httpStatusCode >= 500);
  return {
    name,
    message: typeof shape.message === 'string' && shape.message !== '' ? shape.message : String(cause),
    httpStatusCode,
    requestId,
    retryable: throttled || serverFault || shape.$retryable !== undefined,
  };
}
