import { LdpError } from '../../errors/index.js';

/** An error as the REST spec's `ErrorModel` describes it: HTTP status and exception type. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'RestError';
  }

  /** The `IcebergErrorResponse` body. */
  toJson(): string {
    return JSON.stringify({ error: { message: this.message, type: this.type, code: this.status } });
  }
}

/** ldp's error codes as the REST spec's exceptions (the types Iceberg's clients map back). */
const BY_CODE: Readonly<Record<string, readonly [status: number, type: string]>> = {
  LDP502: [409, 'AlreadyExistsException'],
  LDP503: [404, 'NoSuchNamespaceException'],
  LDP504: [404, 'NoSuchTableException'],
  LDP505: [409, 'NamespaceNotEmptyException'],
  LDP520: [409, 'CommitFailedException'],
  LDP540: [400, 'BadRequestException'],
  LDP541: [409, 'AlreadyExistsException'],
  LDP542: [400, 'BadRequestException'],
  LDP545: [403, 'ForbiddenException'],
  LDP547: [400, 'BadRequestException'],
  LDP549: [422, 'UnprocessableEntityException'],
  LDP560: [403, 'ForbiddenException'],
  LDP561: [403, 'ForbiddenException'],
  LDP802: [400, 'ValidationException'],
  LDP803: [400, 'BadRequestException'],
  LDP804: [409, 'CommitFailedException'],
};

/**
 * The REST error for whatever a handler threw. ldp's user errors keep their message (with the
 * code, so a client's log points at ldp's docs); anything else is a 500 whose details stay in
 * the server, as Iceberg's servers do.
 */
export function toRestError(error: unknown): RestError {
  if (error instanceof RestError) return error;
  if (error instanceof LdpError) {
    const [status, type] = BY_CODE[error.code] ?? [500, 'ServiceFailureException'];
    const hint = error.hint ? ` (${error.hint})` : '';
    return new RestError(status, type, `${error.code}: ${error.message}${hint}`);
  }
  return new RestError(
    500,
    'ServiceFailureException',
    'internal error in ldp catalog serve; please report it',
  );
}

export const RestErrors = {
  badRequest: (message: string) => new RestError(400, 'BadRequestException', message),
  unauthorized: () =>
    new RestError(
      401,
      'NotAuthorizedException',
      'missing or wrong bearer token (Authorization: Bearer <token>)',
    ),
  readOnly: () =>
    new RestError(
      403,
      'ForbiddenException',
      'the catalog is served read-only (ldp catalog serve --read-only)',
    ),
  notFound: (what: string) => new RestError(404, 'NoSuchNamespaceException', what),
  noSuchTable: (label: string) => new RestError(404, 'NoSuchTableException', `table ${label} does not exist`),
  noSuchView: (label: string) => new RestError(404, 'NoSuchViewException', `view ${label} does not exist`),
  noSuchNamespace: (label: string) =>
    new RestError(404, 'NoSuchNamespaceException', `namespace ${label} does not exist`),
  noSuchWarehouse: (name: string) =>
    new RestError(404, 'NoSuchWarehouseException', `this server serves one warehouse, not '${name}'`),
  unsupported: (what: string) =>
    new RestError(406, 'UnsupportedOperationException', `ldp catalog serve does not support ${what}`),
};
