/** Service errors in the shape the AWS SDK clients parse: an `x-amzn-errortype` header and a `__type`/`message` body. */

/** Error names the emulator returns, with the HTTP status each SDK model declares for them. */
export const ERROR_STATUS = {
  InvalidInputException: 400,
  InvalidNextTokenException: 400,
  SerializationException: 400,
  ValidationException: 400,
  UnknownOperationException: 400,
  ResourceNotFoundException: 404,
  ResourceAlreadyExistsException: 403,
  ResourceInUseException: 409,
  LimitExceededException: 409,
  RequestEntityTooLargeException: 413,
  InternalFailure: 500,
} as const;

export type ErrorType = keyof typeof ERROR_STATUS;

/** An error that the server sends back to the client as a service error instead of failing the request. */
export class ServiceError extends Error {
  readonly errorType: ErrorType;
  readonly status: number;

  constructor(errorType: ErrorType, message: string) {
    super(message);
    this.name = errorType;
    this.errorType = errorType;
    this.status = ERROR_STATUS[errorType];
  }
}

export function invalidInput(message: string): ServiceError {
  return new ServiceError('InvalidInputException', message);
}

export function notFound(kind: string, arn: string): ServiceError {
  return new ServiceError('ResourceNotFoundException', `${kind} ${arn} does not exist`);
}

export function inUse(message: string): ServiceError {
  return new ServiceError('ResourceInUseException', message);
}

export function alreadyExists(kind: string, arn: string): ServiceError {
  return new ServiceError('ResourceAlreadyExistsException', `${kind} ${arn} already exists`);
}

export function limitExceeded(message: string): ServiceError {
  return new ServiceError('LimitExceededException', message);
}
