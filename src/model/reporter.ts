import type { LdpError } from '../errors/index.js';

/** Status of one node in a command's results. */
export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'warn' | 'fail';

/** Everything a command tells the user goes through these events, whatever the output format. */
export type ReportEvent =
  | { readonly kind: 'info'; readonly message: string }
  | { readonly kind: 'diagnostic'; readonly diagnostic: LdpError }
  | { readonly kind: 'header'; readonly command: string; readonly message: string; readonly total: number }
  | {
      readonly kind: 'node-start';
      readonly index: number;
      readonly total: number;
      readonly uniqueId: string;
      readonly label: string;
    }
  | {
      readonly kind: 'node-end';
      readonly index: number;
      readonly total: number;
      readonly uniqueId: string;
      readonly label: string;
      readonly status: NodeStatus;
      /** How the result line names the status when the status alone says too little (`ERROR STALE`). */
      readonly statusText?: string;
      readonly detail: string;
      readonly durationMs: number;
      readonly message?: string;
      /** Rows to show under the line, e.g. a failing test's first failing rows. */
      readonly sample?: {
        readonly columns: readonly string[];
        readonly rows: readonly (readonly unknown[])[];
      };
    }
  | {
      readonly kind: 'summary';
      readonly message: string;
      readonly counts: Readonly<Record<string, number>>;
      readonly durationMs: number;
    }
  | {
      readonly kind: 'table';
      readonly columns: readonly string[];
      readonly rows: readonly (readonly unknown[])[];
    }
  | { readonly kind: 'output'; readonly text: string };

/** The one output port: the CLI picks a TTY, plain or JSON-lines implementation; tests collect. */
export interface Reporter {
  report(event: ReportEvent): void;
}

/** A reporter that keeps events in memory, for tests and library use. */
export class CollectingReporter implements Reporter {
  readonly events: ReportEvent[] = [];

  report(event: ReportEvent): void {
    this.events.push(event);
  }
}

export const silentReporter: Reporter = { report: () => {} };
