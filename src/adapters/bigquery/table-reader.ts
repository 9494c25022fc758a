import type { TableField } from '@google-cloud/bigquery';
import { faultOf, jobFailed } from './bigquery-errors.js';
import type { BigQueryConnection } from './client.js';
import type { RawRow } from './job-runner.js';

export interface TableRows {
  readonly schema: readonly TableField[];
  readonly totalRows: number;
  pages(): AsyncGenerator<readonly RawRow[]>;
}

/**
 * A whole table read with `tabledata.list`, page by page: no query job, so nothing is billed
 * for scanning. Failures carry BigQuery's message (`LDP491`, without a job id).
 */
export async function readTable(
  connection: BigQueryConnection,
  ref: { project: string; dataset: string; table: string },
  pageSize: number,
): Promise<TableRows> {
  const table = connection.client.dataset(ref.dataset, { projectId: ref.project }).table(ref.table);
  const fail = (error: unknown) => {
    throw jobFailed(faultOf(error), undefined, connection.redact);
  };
  const [metadata] = await table.getMetadata().catch(fail);
  const readPage = async (pageToken?: string) => {
    const answer = await table
      .getRows({
        autoPaginate: false,
        skipParsing: true,
        maxResults: pageSize,
        ...(pageToken ? { pageToken } : {}),
      })
      .catch(fail);
    const next = (answer[1] as { pageToken?: string } | null | undefined)?.pageToken;
    return { rows: (answer[0] ?? []) as unknown as RawRow[], ...(next ? { next } : {}) };
  };
  return {
    schema: (metadata.schema?.fields ?? []) as TableField[],
    totalRows: Number(metadata.numRows ?? 0),
    async *pages() {
      let page = await readPage();
      while (true) {
        // The next page is requested before this one is handed out, so reading overlaps writing.
        const following = page.next ? readPage(page.next) : undefined;
        if (page.rows.length > 0) yield page.rows;
        if (!following) return;
        page = await following;
      }
    },
  };
}
