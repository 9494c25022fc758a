import { LdpError, LdpErrors } from '../../src/errors/index.js';

/** The user errors a promise rejects with (one or several); fails when it resolves. */
export async function errorsOf(promise: Promise<unknown>): Promise<LdpError[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LdpErrors) return [...error.errors];
    if (error instanceof LdpError) return [error];
    throw error;
  }
  throw new Error('expected a user error');
}
