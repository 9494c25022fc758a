import { resolve } from 'node:path';

/**
 * Test data written by other engines (see its README): a verbatim copy of the team's shared
 * fixtures, kept in the repository so that a clone anywhere runs every test. Read it; never change it.
 */
export const SHARED_FIXTURES = resolve(import.meta.dirname, '..', 'fixtures', 'shared');
