import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api/index.js';
import type { LdpError } from '../../src/errors/index.js';
import type { ReportEvent } from '../../src/model/reporter.js';
import { isolated, tempProject } from '../support/temp-project.js';

const FILES = {
  'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +owner: finance\n    silver:\n      +sla_hours: 4\n',
  'models/silver/orders.yml': 'version: 2\nmodels:\n  - name: orders\n    config:\n      domain: sales\n',
  'models/silver/orders.sql': [
    "{{ config(contains_pii=true, materialised='table') }}select '{{ config.get('owner') }}' as owner, {{ config.get('sla_hours') }} as sla,",
    "  '{{ config.get('domain') }}' as domain, {{ config.get('contains_pii') }} as pii,",
    "  '{{ config.get('missing', 'fallback') }}' as other",
  ].join('\n'),
};

describe('custom config keys', () => {
  it('are kept from the project file, properties and config(), readable by config.get and in manifest.json', async () => {
    const root = tempProject(FILES);
    const diagnostics: LdpError[] = [];
    const reporter = {
      report: (event: ReportEvent) => {
        if (event.kind === 'diagnostic') diagnostics.push(event.diagnostic);
      },
    };
    const { compiled } = await compile(isolated(root, { reporter }));
    expect(compiled.nodes.get('model.shop.orders')?.sql).toBe(
      "select 'finance' as owner, 4 as sla,\n  'sales' as domain, True as pii,\n  'fallback' as other",
    );
    const manifest = JSON.parse(readFileSync(join(root, 'target', 'manifest.json'), 'utf8'));
    expect(manifest.nodes['model.shop.orders'].config).toMatchObject({
      owner: 'finance',
      sla_hours: 4,
      domain: 'sales',
      contains_pii: true,
      materialised: 'table',
      materialized: 'view',
    });
    expect(diagnostics.map((d) => [d.code, d.severity, d.span?.file, d.span?.line])).toEqual([
      ['LDP150', 'warning', 'models/silver/orders.sql', 1],
    ]);
    expect(diagnostics[0]?.message).toContain("'materialised'");
    expect(diagnostics[0]?.hint).toContain("Did you mean 'materialized'?");
  });
});
