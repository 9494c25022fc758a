import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/api/index.js';
import { isolated, tempProject } from '../support/temp-project.js';

const PROPERTIES = `version: 2
models:
  - name: orders
    config:
      contract: {enforced: true}
    constraints:
      - type: unique
        columns: [id]
      - type: foreign_key
        columns: [customer_id]
        to: ref('customers')
        to_columns: [id]
        warn_unenforced: false
    columns:
      - name: id
        data_type: integer
        constraints:
          - type: not_null
      - name: customer_id
        data_type: integer
      - name: amount
        data_type: double
        constraints:
          - type: check
            name: positive_amount
            expression: "amount >= 0"
  - name: customers
    columns:
      - name: id
        data_type: integer
`;

describe('constraints and contracts in manifest.json, in dbt shape', () => {
  it('writes model and column constraints with every dbt key and the contract with its checksum', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/orders.sql':
        "{{ config(materialized='table') }}\nselect 1::integer as id, 1::integer as customer_id, 2.5::double as amount",
      'models/customers.sql': 'select 1::integer as id',
      'models/orders.yml': PROPERTIES,
    });
    await compile(isolated(root));
    const manifest = JSON.parse(readFileSync(join(root, 'target/manifest.json'), 'utf8'));
    const orders = manifest.nodes['model.shop.orders'];
    expect(orders.constraints).toEqual([
      {
        type: 'unique',
        name: null,
        expression: null,
        warn_unenforced: true,
        warn_unsupported: true,
        to: null,
        to_columns: [],
        columns: ['id'],
      },
      {
        type: 'foreign_key',
        name: null,
        expression: null,
        warn_unenforced: false,
        warn_unsupported: true,
        to: "ref('customers')",
        to_columns: ['id'],
        columns: ['customer_id'],
      },
    ]);
    expect(orders.columns.id.constraints).toEqual([
      {
        type: 'not_null',
        name: null,
        expression: null,
        warn_unenforced: true,
        warn_unsupported: true,
        to: null,
        to_columns: [],
      },
    ]);
    expect(orders.columns.amount.constraints[0]).toMatchObject({
      type: 'check',
      name: 'positive_amount',
      expression: 'amount >= 0',
    });
    expect(orders.columns.customer_id.constraints).toEqual([]);
    // dbt's contract checksum: columns by name, data type and constraints as Python prints them,
    // then the materialization and the model's constraints (a table enforces them).
    const column = (type: string, rest: string) =>
      `ColumnLevelConstraint(type=<ConstraintType.${type}: '${type}'>, ${rest}, warn_unenforced=True, warn_unsupported=True, to=None, to_columns=[])`;
    const state =
      `|amount` +
      `double[${column('check', "name='positive_amount', expression='amount >= 0'")}]` +
      '|customer_id' +
      'integer[]' +
      '|id' +
      `integer[${column('not_null', 'name=None, expression=None')}]` +
      'table' +
      "[ModelLevelConstraint(type=<ConstraintType.unique: 'unique'>, name=None, expression=None, warn_unenforced=True, warn_unsupported=True, to=None, to_columns=[], columns=['id']), " +
      "ModelLevelConstraint(type=<ConstraintType.foreign_key: 'foreign_key'>, name=None, expression=None, warn_unenforced=False, warn_unsupported=True, to=\"ref('customers')\", to_columns=['id'], columns=['customer_id'])]";
    expect(orders.contract).toEqual({
      enforced: true,
      alias_types: true,
      checksum: createHash('sha256').update(state).digest('hex'),
    });
    expect(manifest.nodes['model.shop.customers'].contract).toEqual({
      enforced: false,
      alias_types: true,
      checksum: null,
    });
    expect(manifest.nodes['model.shop.customers'].constraints).toEqual([]);
  });
});
