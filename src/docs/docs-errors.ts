import { LdpError } from '../errors/index.js';

/** The docs site's user errors: codes LDP760–769 (the 7xx family is lineage and docs). */
export const DocsErrors = {
  notGenerated: (dir: string) =>
    new LdpError({
      code: 'LDP760',
      message: `there is no docs site in ${dir}`,
      hint: 'Run `ldp docs generate` first; it writes the site to target/docs.',
    }),
  cannotListen: (host: string, port: number, reason: string) =>
    new LdpError({
      code: 'LDP761',
      message: `cannot serve the docs on ${host}:${port}: ${reason}`,
      hint: 'Choose another port with --port (0 picks a free one), or stop the program that uses it.',
    }),
  assetMissing: (what: string, path: string) =>
    new LdpError({
      code: 'LDP762',
      message: `the docs site needs ${what}, but ${path} is missing`,
      hint: 'The ldp installation is incomplete: reinstall ldp (npm install).',
    }),
  cannotWrite: (dir: string, reason: string) =>
    new LdpError({
      code: 'LDP763',
      message: `cannot write the docs site to ${dir}: ${reason}`,
      hint: 'Check that the folder is writable and that the disk has room.',
    }),
};
