/** BigQuery's REST shapes the fake reads and writes (see README.md for the sources). */

export interface FieldSchema {
  readonly name: string;
  /** Legacy names as the REST API answers them: INTEGER, FLOAT, BOOLEAN, RECORD, ... */
  readonly type: string;
  readonly mode?: 'NULLABLE' | 'REQUIRED' | 'REPEATED';
  readonly fields?: readonly FieldSchema[];
}

export interface TableSchema {
  readonly fields: readonly FieldSchema[];
}

/** One cell: `{v: string | null}`, a record `{v: {f: Cell[]}}` or a repeated `{v: Cell[]}`. */
export interface Cell {
  readonly v: string | null | { readonly f: readonly Cell[] } | readonly Cell[];
}

export interface Row {
  readonly f: readonly Cell[];
}

/** ErrorProto: the error object of responses and of `status.errorResult`. */
export interface ErrorProto {
  readonly reason: string;
  readonly message: string;
  readonly location?: string;
  readonly domain?: string;
}

/** An error the fake answers with: an HTTP status and BigQuery's error body. */
export class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly proto: ErrorProto,
  ) {
    super(proto.message);
  }
}

export const notFound = (message: string) => new FakeError(404, { reason: 'notFound', message });
export const invalid = (message: string, location?: string) =>
  new FakeError(400, { reason: 'invalid', message, ...(location ? { location } : {}) });

/** A request as the fake recorded it (bodies of uploads kept as text). */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}
