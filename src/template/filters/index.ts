import { collectionFilters } from './collection-filters.js';
import { jinjaTests } from './jinja-tests.js';
import { FilterRegistry } from './registry.js';
import { TEXT_FILTERS } from './text-filters.js';

/** Every filter and test of Jinja2 that dbt projects use, plus dbt's own filters; aliases included. */
export function createFilterRegistry(): FilterRegistry {
  const registry = new FilterRegistry();
  const collections = collectionFilters(registry);
  registry.addFilters(TEXT_FILTERS);
  registry.addFilters(collections);
  registry.addFilters({
    d: TEXT_FILTERS['default']!,
    e: TEXT_FILTERS['escape']!,
    count: collections['length']!,
  });
  registry.addTests(jinjaTests(registry));
  return registry;
}

export { FilterRegistry } from './registry.js';
