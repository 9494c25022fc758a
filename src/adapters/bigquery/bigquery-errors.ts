import { LdpError } from '../../errors/index.js';

/** An error answered by BigQuery (ErrorProto fields) or by the client before a request. */
export interface BigQueryFault {
  readonly status?: number;
  readonly reason?: string;
  readonly message: string;
  readonly location?: string;
}

/** The HTTP status, reason and message of whatever the client threw. */
export function faultOf(error: unknown): BigQueryFault {
  const e = error as {
    code?: number | string;
    message?: string;
    errors?: { reason?: string; message?: string; location?: string }[];
  };
  const first = Array.isArray(e.errors) ? e.errors[0] : undefined;
  return {
    ...(typeof e.code === 'number' ? { status: e.code } : {}),
    ...(first?.reason ? { reason: first.reason } : {}),
    message: first?.message ?? e.message ?? String(error),
    ...(first?.location ? { location: first.location } : {}),
  };
}

/** Reasons BigQuery documents as transient: the job may simply be started again. */
export const RETRYABLE_REASONS: ReadonlySet<string> = new Set([
  'backendError',
  'internalError',
  'rateLimitExceeded',
  'jobBackendError',
  'jobInternalError',
]);

/** The client could not reach the endpoint at all (no HTTP answer). */
export function isUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  const text = String((error as Error).message ?? '');
  return (
    (typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT)$/.test(code)) ||
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(text)
  );
}

/** A failed job: BigQuery's message, its reason, and the job id to look it up with. */
export function jobFailed(
  fault: BigQueryFault,
  jobId: string | undefined,
  clean: (t: string) => string,
): LdpError {
  const where = jobId ? ` (job ${jobId})` : '';
  return new LdpError({
    code: 'LDP491',
    message: `BigQuery${fault.reason ? ` ${fault.reason}` : ''}: ${clean(fault.message)}${where}`,
    hint: jobId
      ? `See the job in the console or with \`bq show -j ${jobId.split('.').pop()}\`.`
      : 'The job was not created; check the SQL and the target settings.',
  });
}
