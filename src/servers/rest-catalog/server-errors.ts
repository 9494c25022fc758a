import { LdpError } from '../../errors/index.js';

export const ServerErrors = {
  tokenRequired: (host: string) =>
    new LdpError({
      code: 'LDP800',
      message: `ldp catalog serve on ${host} would let anyone who reaches that address change the warehouse, and no token is set`,
      hint: 'Pass --token <secret> (or set LDP_CATALOG_TOKEN) when exposing the catalog with --host, or leave --host at 127.0.0.1.',
    }),
  cannotListen: (host: string, port: number, reason: string) =>
    new LdpError({
      code: 'LDP801',
      message: `ldp catalog serve cannot listen on ${host}:${port}: ${reason}`,
      hint: 'Choose another --port (0 picks a free one) or stop the process that uses it.',
    }),
  emptyToken: () =>
    new LdpError({
      code: 'LDP805',
      message: 'the catalog token is empty',
      hint: 'Pass a non-empty --token (or LDP_CATALOG_TOKEN), or none at all on 127.0.0.1.',
    }),
};
