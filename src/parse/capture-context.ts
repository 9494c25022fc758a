import { splitArgs } from '../template/index.js';
import type { CaptureRecorder } from './capture.js';

/**
 * The capture context: `ref`, `source` and `config` record their arguments and return harmless
 * placeholders; `execute` is false, as in dbt's parse phase, so introspective code is skipped.
 */
export function captureContext(
  base: Readonly<Record<string, unknown>>,
  recorder: CaptureRecorder,
  configSoFar: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const record =
    (list: CaptureRecorder['refs']) =>
    (...args: unknown[]) => {
      const { positional, keywords } = splitArgs(args);
      list.push({ positional, keywords });
      return placeholderRelation(positional.map(String).join('.'));
    };
  const config = Object.assign(
    (...args: unknown[]) => {
      const { positional, keywords } = splitArgs(args);
      recorder.configs.push({ positional, keywords });
      return '';
    },
    {
      get: (key: string, fallback?: unknown) => configSoFar[key] ?? fallback ?? null,
      require: (key: string) => configSoFar[key] ?? '',
    },
  );
  return {
    ...base,
    execute: false,
    ref: record(recorder.refs),
    source: record(recorder.sources),
    config,
    is_incremental: () => false,
    this: placeholderRelation('this'),
  };
}

/** Prints as a name and answers dbt Relation attributes, so templates that format relations still parse. */
function placeholderRelation(name: string) {
  return {
    database: '',
    schema: '',
    identifier: name,
    name,
    table: name,
    render: () => name,
    toString: () => name,
  };
}
