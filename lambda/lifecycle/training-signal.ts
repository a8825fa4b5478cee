/**
 * Sends the training result to a CloudFormation wait condition handle.
 *
 * The handle URL is a presigned S3 URL. CloudFormation reads a JSON document with `Status`, `Reason`,
 * `UniqueId` and `Data` from it, and the URL signature covers an empty `Content-Type`, so the body goes
 * out with exactly that header and nothing the HTTP client might add on its own.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Logger } from '@aws-lambda-powertools/logger';
import { SIGNAL_UNIQUE_ID } from './training-constants';

const logger = new Logger({ serviceName: 'solution-version-training' });

/** Bounds the reason so that a long failure message cannot make the signal document large. */
const MAX_REASON_LENGTH = 4000;

export interface TrainingSignalEvent {
  /** The wait condition handle URL (`Ref` of an `AWS::CloudFormation::WaitConditionHandle`). */
  readonly url: string;
  readonly status: 'SUCCESS' | 'FAILURE';
  readonly reason: string;
  /** The solution version ARN on success, empty on failure. */
  readonly data?: string;
}

export interface WaitConditionSignal {
  readonly Status: 'SUCCESS' | 'FAILURE';
  readonly Reason: string;
  readonly UniqueId: string;
  readonly Data: string;
}

/** Error for an input the state machine should never send: a bug in the definition, not in the training. */
export class InvalidSignalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSignalError';
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Validates the event and builds the document CloudFormation expects. */
export function buildSignal(event: TrainingSignalEvent): { url: URL; signal: WaitConditionSignal } {
  if (event.status !== 'SUCCESS' && event.status !== 'FAILURE') {
    throw new InvalidSignalError(`status must be SUCCESS or FAILURE, received ${JSON.stringify(event.status)}`);
  }
  let url: URL;
  try {
    url = new URL(event.url);
  } catch {
    throw new InvalidSignalError(`url must be an absolute URL, received ${JSON.stringify(event.url)}`);
  }
  // Plain HTTP is accepted only for a loopback listener, which is how the tests stand in for S3.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new InvalidSignalError(`url must use https, received ${url.protocol}//${url.host}`);
  }
  const reason = String(event.reason ?? '').slice(0, MAX_REASON_LENGTH);
  const signal = { Status: event.status, Reason: reason, UniqueId: SIGNAL_UNIQUE_ID, Data: event.data ?? '' };
  return { url, signal };
}

/** PUTs `body` to `url` with an empty content type and resolves with the HTTP status code. */
export function putSignal(url: URL, body: string): Promise<number> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function handler(event: TrainingSignalEvent): Promise<WaitConditionSignal> {
  const { url, signal } = buildSignal(event);
  const body = JSON.stringify(signal);
  const statusCode = await putSignal(url, body);
  if (statusCode < 200 || statusCode >= 300) {
    logger.error('wait condition signal rejected', { statusCode, status: signal.Status, host: url.host });
    throw new Error(`wait condition handle returned HTTP ${statusCode} for the ${signal.Status} signal`);
  }
  logger.info('wait condition signalled', { status: signal.Status, data: signal.Data });
  return signal;
}
