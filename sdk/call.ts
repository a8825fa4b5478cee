/** The one place where SDK calls happen, so every failure reaches callers as a `PersonalizeServiceError`. */
import { PersonalizeServiceError } from './errors';

/** Runs `call` and wraps whatever it throws in a `PersonalizeServiceError` for `operation`, keeping it as `cause`. */
export async function callService<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new PersonalizeServiceError(operation, error);
  }
}
