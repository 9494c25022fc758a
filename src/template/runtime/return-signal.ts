/** Thrown by dbt's `return(value)` and caught by the enclosing macro, which then returns `value`. */
export class ReturnSignal {
  constructor(readonly value: unknown) {}
}
