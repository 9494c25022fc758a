import { describe, expect, it } from 'vitest';
import { parse } from '../../src/api/index.js';
import type { TestNode } from '../../src/model/node.js';
import { isolated, tempProject } from '../support/temp-project.js';

// Expected ids are the ones dbt writes for the same YAML (jaffle shop's are in its public manifest).
const PROPERTIES = `version: 2
models:
  - name: customers
    columns:
      - name: customer_id
        data_tests: [unique, not_null]
  - name: orders
    data_tests:
      - dbt_utils.expression_is_true:
          arguments: {expression: "amount > 0"}
    columns:
      - name: customer_id
        data_tests:
          - relationships: {to: "ref('customers')", field: customer_id}
      - name: status
        data_tests:
          - accepted_values:
              values: [placed, shipped, completed, return_pending, returned]
              description: not part of the name
          - accepted_values: {values: ["it's", 'a\\b', 1, true]}
sources:
  - name: raw
    tables:
      - name: orders
        columns:
          - name: id
            data_tests: [not_null]
`;

describe('generic test ids', () => {
  it('are dbt’s: the full synthesized name and the md5 suffix of name and metadata', async () => {
    const root = tempProject({
      'dbt_project.yml': 'name: jaffle_shop\nversion: "1.0"\nprofile: jaffle_shop\n',
      'models/customers.sql': 'select 1 as customer_id',
      'models/orders.sql': 'select 1 as customer_id, 2 as amount, 1 as status',
      'models/schema.yml': PROPERTIES,
    });
    const { manifest } = await parse(isolated(root));
    const tests = [...manifest.nodes.values()].filter(
      (node): node is TestNode => node.resourceType === 'test',
    );
    expect(tests.map((test) => test.uniqueId).sort()).toEqual([
      'test.jaffle_shop.accepted_values_orders_status__it_s__a_b__1__True.54fc6881f8',
      'test.jaffle_shop.accepted_values_orders_status__placed__shipped__completed__return_pending__returned.be6b5b5ec3',
      'test.jaffle_shop.dbt_utils_expression_is_true_orders_amount_0.5789afd631',
      'test.jaffle_shop.not_null_customers_customer_id.5c9bf9911d',
      'test.jaffle_shop.relationships_orders_customer_id__customer_id__ref_customers_.c6ec7f58f2',
      'test.jaffle_shop.source_not_null_raw_orders_id.f232a64478',
      'test.jaffle_shop.unique_customers_customer_id.c5af1ff4b1',
    ]);
    const long = tests.find((test) => test.name.startsWith('accepted_values_orders_status__placed'))!;
    // At 64 characters or more the file (and relation) name is shortened; the id keeps the full name.
    expect(long.path).toBe('accepted_values_orders_1ce6ab157c285f7cd2ac656013faf758.sql');
    expect(long.testMetadata?.kwargs['model']).toBe("{{ get_where_subquery(ref('orders')) }}");
    expect(long.testMetadata?.kwargs).not.toHaveProperty('description');
  });
});
