/** The context of every operation handler: the registry, the engines, the scheduler and the emulator's settings. */
import type { EmulatorEngines } from './engines';
import { nowSeconds, type Scheduler, type Status } from './lifecycle';
import type { EmulatorState, TrackedResource } from './state';

/** A structured logger; the emulator logs request failures and status changes through it. */
export interface EmulatorLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface OperationContext {
  readonly state: EmulatorState;
  readonly engines: EmulatorEngines;
  readonly scheduler: Scheduler;
  readonly logger: EmulatorLogger;
  /** Local directory of each emulated S3 bucket, by bucket name. */
  readonly buckets: Readonly<Record<string, string>>;
}

/** An operation: takes the parsed JSON body and returns the JSON response body. */
export type OperationHandler = (context: OperationContext, body: Record<string, unknown>) => unknown;

export function setStatus(resource: TrackedResource, status: Status, failureReason?: string): void {
  resource.status = status;
  resource.lastUpdatedDateTime = nowSeconds();
  if (failureReason !== undefined) resource.failureReason = failureReason;
}

/**
 * Moves a new resource through CREATE IN_PROGRESS to ACTIVE, running `work` at the last step. When `work` throws, the
 * resource ends in CREATE FAILED with the error's message as failureReason.
 */
export function startCreation(context: OperationContext, resource: TrackedResource, work?: () => void): void {
  resource.pending = context.scheduler.run([
    () => setStatus(resource, 'CREATE IN_PROGRESS'),
    () => {
      try {
        work?.();
        setStatus(resource, 'ACTIVE');
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        setStatus(resource, 'CREATE FAILED', reason);
        context.logger.warn('resource creation failed', { arn: resource.arn, failureReason: reason });
      }
      resource.pending = undefined;
    },
  ]);
}

/** Moves a resource through DELETE PENDING and DELETE IN_PROGRESS, then runs `remove`. */
export function startDeletion(context: OperationContext, resource: TrackedResource, remove: () => void): void {
  resource.pending?.cancel();
  setStatus(resource, 'DELETE PENDING');
  resource.pending = context.scheduler.run([
    () => setStatus(resource, 'DELETE IN_PROGRESS'),
    () => {
      remove();
      context.logger.debug('resource deleted', { arn: resource.arn });
    },
  ]);
}

/** Members every Describe response shares, in the wire's epoch seconds. */
export function statusMembers(resource: TrackedResource): Record<string, unknown> {
  return {
    status: resource.status,
    creationDateTime: resource.creationDateTime,
    lastUpdatedDateTime: resource.lastUpdatedDateTime,
    ...(resource.failureReason === undefined ? {} : { failureReason: resource.failureReason }),
  };
}

/** Creates the status members of a new resource, in CREATE PENDING. */
export function newTrackedResource(arn: string, name: string): TrackedResource {
  const now = nowSeconds();
  return { arn, name, status: 'CREATE PENDING', creationDateTime: now, lastUpdatedDateTime: now };
}
