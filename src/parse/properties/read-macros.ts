import type { MacroProperties } from '../../model/properties.js';
import type { EntryReader } from './entry-reader.js';

/** Documentation of a macro and its arguments. */
export function readMacro(entry: EntryReader): MacroProperties | undefined {
  entry.checkKeys(['name', 'description', 'arguments', 'docs', 'meta']);
  const name = entry.string('name', true);
  if (name === undefined) return undefined;
  const args = entry.children('arguments', `an argument of macro '${name}'`).flatMap((arg) => {
    arg.checkKeys(['name', 'type', 'description']);
    const argName = arg.string('name', true);
    const type = arg.string('type');
    if (argName === undefined) return [];
    return [
      {
        name: argName,
        ...(type !== undefined ? { type } : {}),
        description: arg.string('description') ?? '',
      },
    ];
  });
  return { name, description: entry.string('description') ?? '', arguments: args, span: entry.entrySpan };
}
