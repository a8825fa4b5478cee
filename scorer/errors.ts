/** Errors the scorer raises, so that callers can map them to the service's error types. */

/** A hyperparameter or request value is invalid. The service rejects such input with `InvalidInputException`. */
export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/**
 * The training data is below the service's minimum; the service lets such a solution version end in `CREATE FAILED`
 * with this message as its `failureReason`.
 */
export class InsufficientDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InsufficientDataError';
  }
}
