import { formatDiagnostic } from '../../errors/index.js';
import type { ReportEvent, Reporter } from '../../model/reporter.js';
import { formatTable } from './format-table.js';
import { nodeLine } from './node-line.js';

export interface TextReporterOptions {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  /** Live progress (a status line rewritten in place) only on an interactive terminal. */
  readonly live: boolean;
  readonly color: boolean;
  readonly clock?: () => Date;
  /** Folder that spans in diagnostics are relative to (the project folder). */
  readonly baseDir?: string;
}

/** Human-readable output: dbt-style lines with a timestamp; warnings and errors to stderr. */
export class TextReporter implements Reporter {
  private statusShown = false;

  constructor(private readonly options: TextReporterOptions) {}

  report(event: ReportEvent): void {
    switch (event.kind) {
      case 'info':
        return this.line(event.message);
      case 'diagnostic':
        return this.errorLine(formatDiagnostic(event.diagnostic, { baseDir: this.options.baseDir }));
      case 'header':
        return this.line(event.message);
      case 'node-start':
        if (this.options.live) return this.status(nodeLine(event, this.options.color));
        return this.line(nodeLine(event, this.options.color));
      case 'node-end':
        return this.line(nodeLine(event, this.options.color));
      case 'summary':
        return this.line(event.message);
      case 'table':
        return this.raw(formatTable(event.columns, event.rows) + '\n');
      case 'output':
        return this.raw(event.text.endsWith('\n') ? event.text : event.text + '\n');
    }
  }

  private stamp(): string {
    const now = (this.options.clock ?? (() => new Date()))();
    return now.toISOString().slice(11, 19);
  }

  private line(text: string): void {
    this.clearStatus();
    this.options.out.write(`${this.stamp()}  ${text}\n`);
  }

  private errorLine(text: string): void {
    this.clearStatus();
    this.options.err.write(`${text}\n`);
  }

  private raw(text: string): void {
    this.clearStatus();
    this.options.out.write(text);
  }

  private status(text: string): void {
    this.options.out.write(`\r\x1b[2K${this.stamp()}  ${text}`);
    this.statusShown = true;
  }

  private clearStatus(): void {
    if (!this.statusShown) return;
    this.options.out.write('\r\x1b[2K');
    this.statusShown = false;
  }
}
