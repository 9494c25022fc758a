import { diagnosticToJson } from '../../errors/index.js';
import type { ReportEvent, Reporter } from '../../model/reporter.js';

/** `--log-format json`: one JSON object per line, for log shippers and CI parsers. */
export class JsonReporter implements Reporter {
  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  report(event: ReportEvent): void {
    const base = { ts: this.clock().toISOString(), event: event.kind };
    const body =
      event.kind === 'diagnostic'
        ? { ...base, ...diagnosticToJson(event.diagnostic) }
        : { ...base, ...event };
    delete (body as { kind?: string }).kind;
    this.out.write(`${JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
  }
}
