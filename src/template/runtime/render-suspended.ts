/**
 * Thrown by an introspective call (`run_query`, `statement`, `adapter.get_columns_in_relation`…)
 * whose statement has not run yet. Templates render synchronously and DuckDB answers
 * asynchronously, so the caller runs `sql`, keeps the answer, and renders again from the start:
 * on the next pass the same call finds its answer (see `replayRender`). No template can catch it.
 */
export class RenderSuspended {
  /** `run`: what answers it when it is not a statement of `sql` (a drop through the catalog). */
  constructor(
    readonly sql: string,
    readonly run?: () => Promise<unknown>,
  ) {}
}
