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
      case 'header':
      case 'summary':
        this.line(event.message);
        break;
      case 'diagnostic':
        this.errorLine(formatDiagnostic(event.diagnostic, { baseDir: this.options.baseDir }));
        break;
      case 'node-start':
        if (this.options.live) this.status(nodeLine(event, this.options.color));
        else this.line(nodeLine(event, this.options.color));
        break;
      case 'node-end':
        this.line(nodeLine(event, this.options.color));
        if (event.sample && event.sample.rows.length > 0) {
          this.raw(`${indentLines(formatTable(event.sample.columns, event.sample.rows))}\n`);
        }
        break;
      case 'table':
        this.raw(formatTable(event.columns, event.rows) + '\n');
        break;
      case 'output':
        this.raw(event.text.endsWith('\n') ? event.text : event.text + '\n');
        break;
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

function indentLines(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
