import { LdpError } from '../../errors/index.js';

/**
 * User errors of the commands that read what runs recorded (`ldp lineage`, `ldp catalog export`)
 * and of OpenLineage output: codes LDP715–LDP719 (the 7xx family is lineage and docs).
 */
export const MetadataErrors = {
  noLineage: (catalogPath: string) =>
    new LdpError({
      code: 'LDP715',
      message: `no lineage is recorded in ${catalogPath}: nothing was built in this warehouse yet`,
      hint: 'Run `ldp run` (or `ldp build`) first: every command that builds records lineage.',
    }),
  noWarehouse: (catalogPath: string) =>
    new LdpError({
      code: 'LDP716',
      message: `there is no catalog at ${catalogPath}: nothing was built in this warehouse yet`,
      hint: 'Run `ldp run` (or `ldp build`) first, or check --target and --project-dir.',
    }),
  cannotWrite: (what: string, path: string, reason: string) =>
    new LdpError({
      code: 'LDP717',
      message: `cannot write ${what} to ${path}: ${reason}`,
      hint: 'Check that the folder exists and is writable, and that the disk has room.',
    }),
};
