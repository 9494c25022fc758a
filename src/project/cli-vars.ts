import jsYaml from 'js-yaml';
import { YAML_SCHEMA } from '../config/yaml-source.js';
import { LdpError } from '../errors/index.js';

/** `--vars '{key: value}'`: YAML or JSON text that must hold a mapping. */
export function parseCliVars(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = jsYaml.load(text, { schema: YAML_SCHEMA });
  } catch (error) {
    throw new LdpError({
      code: 'LDP901',
      message: `--vars is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`,
      hint: `Quote the whole value for the shell, e.g. --vars '{start_date: "2023-01-01", limit: 10}'.`,
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new LdpError({
      code: 'LDP901',
      message: `--vars must be a mapping of names to values, got ${JSON.stringify(value)}`,
      hint: `Write it as a YAML or JSON object, e.g. --vars '{start_date: "2023-01-01"}'.`,
    });
  }
  return value as Record<string, unknown>;
}
