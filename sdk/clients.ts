/** Default AWS SDK clients, pointed at an endpoint override from the environment when one is set. */
import { PersonalizeEventsClient } from '@aws-sdk/client-personalize-events';
import { PersonalizeRuntimeClient } from '@aws-sdk/client-personalize-runtime';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Returns the endpoint override for one service: the service-specific variable first, then `AWS_ENDPOINT_URL`, the
 * order the AWS SDKs use. The local emulator and tests set these variables.
 */
export function endpointFromEnvironment(serviceVariable: string, env: Environment = process.env): string | undefined {
  const value = env[serviceVariable] ?? env.AWS_ENDPOINT_URL;
  return value === undefined || value === '' ? undefined : value;
}

/** Creates a runtime client that honours `AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME` (or `AWS_ENDPOINT_URL`). */
export function createRuntimeClient(env: Environment = process.env): PersonalizeRuntimeClient {
  const endpoint = endpointFromEnvironment('AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME', env);
  return new PersonalizeRuntimeClient(endpoint === undefined ? {} : { endpoint });
}

/** Creates an events client that honours `AWS_ENDPOINT_URL_PERSONALIZE_EVENTS` (or `AWS_ENDPOINT_URL`). */
export function createEventsClient(env: Environment = process.env): PersonalizeEventsClient {
  const endpoint = endpointFromEnvironment('AWS_ENDPOINT_URL_PERSONALIZE_EVENTS', env);
  return new PersonalizeEventsClient(endpoint === undefined ? {} : { endpoint });
}
