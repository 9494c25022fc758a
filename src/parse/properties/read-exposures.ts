import type { ExposureDefinition } from '../../model/properties.js';
import type { EntryReader } from './entry-reader.js';

const EXPOSURE_KEYS = [
  'name',
  'label',
  'type',
  'maturity',
  'url',
  'description',
  'owner',
  'depends_on',
  'tags',
  'meta',
  'config',
];
const TYPES = ['dashboard', 'notebook', 'analysis', 'ml', 'application'] as const;
const MATURITIES = ['low', 'medium', 'high'] as const;

/** An exposure: a downstream use of models (`depends_on` kept as written, resolved by the graph stage). */
export function readExposure(entry: EntryReader): ExposureDefinition | undefined {
  entry.checkKeys(EXPOSURE_KEYS);
  const name = entry.string('name', true);
  const type = entry.oneOf('type', TYPES, true);
  const maturity = entry.oneOf('maturity', MATURITIES);
  const owner = entry.childAt('owner', `owner of exposure '${name ?? ''}'`);
  owner?.checkKeys(['name', 'email']);
  const config = entry.childAt('config', `config of exposure '${name ?? ''}'`);
  config?.checkKeys(['enabled', 'tags', 'meta']);
  if (name === undefined || type === undefined) return undefined;
  const ownerName = owner?.string('name');
  const email = owner?.string('email');
  const label = entry.string('label');
  const url = entry.string('url');
  return {
    name,
    ...(label !== undefined ? { label } : {}),
    type,
    ...(maturity !== undefined ? { maturity } : {}),
    ...(url !== undefined ? { url } : {}),
    description: entry.string('description') ?? '',
    owner: { ...(ownerName ? { name: ownerName } : {}), ...(email ? { email } : {}) },
    dependsOn: entry.strings('depends_on'),
    tags: [...new Set([...entry.strings('tags'), ...(config?.strings('tags') ?? [])])],
    meta: { ...entry.record('meta'), ...config?.record('meta') },
    span: entry.entrySpan,
  };
}
