import { randomUUID } from 'node:crypto';
import { type Reporter, silentReporter } from '../../model/reporter.js';
import type { ProjectOptions } from './options.js';
import { recordingEnv } from './partial-parse.js';
import type { ProjectTemplates } from './project-templates.js';

/**
 * What one command invocation owns, beside the parse result: its ids and clock, its reporter,
 * the environment its templates read (and every variable read so far, for the caches), and its
 * template engine with the compiled-template cache. Made once per command and dropped with it,
 * so a long-running process (`ldp catalog serve`, `ldp mcp`) keeps nothing between commands.
 */
export interface CommandSession {
  readonly invocationId: string;
  readonly startedAt: Date;
  readonly reporter: Reporter;
  /** The environment templates see, and every variable read from it so far (hashes of the values). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly envReads: ReadonlyMap<string, string | undefined>;
  /** The environment as given, for worker threads that record their own reads. */
  readonly sourceEnv: Readonly<Record<string, string | undefined>>;
  /** The command's template engine: macro files compiled once, compiled templates cached. */
  readonly templates: ProjectTemplates;
}

/** A session before the project is read: everything but the template engine. */
export type SessionStart = Omit<CommandSession, 'templates'>;

/** The session's ids, clock, reporter and recorded environment, from the command's options. */
export function startSession(options: ProjectOptions): SessionStart {
  const clock = options.clock ?? (() => new Date());
  const sourceEnv = options.env ?? process.env;
  const { env, reads } = recordingEnv(sourceEnv);
  return {
    invocationId: options.invocationId ?? randomUUID(),
    startedAt: clock(),
    reporter: options.reporter ?? silentReporter,
    env,
    envReads: reads,
    sourceEnv,
  };
}
