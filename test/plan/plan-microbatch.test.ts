import { describe, expect, it } from 'vitest';
import type { ModelNode } from '../../src/model/node.js';
import { eventTimeRange, parseUtc, planMicrobatch } from '../../src/plan/plan-microbatch.js';

/** The parts of a model the batch planner reads: its name, place and config. */
function model(config: Record<string, unknown>): ModelNode {
  return {
    name: 'events_by_period',
    span: { file: 'models/events_by_period.sql', line: 1, col: 1 },
    config: { materialized: 'incremental', incremental_strategy: 'microbatch', event_time: 'ts', ...config },
  } as unknown as ModelNode;
}

const starts = (plan: ReturnType<typeof planMicrobatch>) => plan.batches.map((b) => b.start);

describe('microbatch batches', () => {
  it('a full build covers every period from begin through the one holding now', () => {
    const plan = planMicrobatch(model({ batch_size: 'month', begin: '2023-11-15' }), {
      rebuild: true,
      now: new Date('2024-02-03T10:00:00Z'),
    });
    expect(starts(plan)).toEqual([
      '2023-11-01T00:00:00.000Z',
      '2023-12-01T00:00:00.000Z',
      '2024-01-01T00:00:00.000Z',
      '2024-02-01T00:00:00.000Z',
    ]);
    expect(plan.batches.at(-1)!.end).toBe('2024-03-01T00:00:00.000Z');
  });

  it('a later run covers the current period and lookback periods before it', () => {
    const hourly = planMicrobatch(model({ batch_size: 'hour', begin: '2024-01-01', lookback: 2 }), {
      rebuild: false,
      now: new Date('2024-01-05T10:30:00Z'),
    });
    expect(starts(hourly)).toEqual([
      '2024-01-05T08:00:00.000Z',
      '2024-01-05T09:00:00.000Z',
      '2024-01-05T10:00:00.000Z',
    ]);
    const yearly = planMicrobatch(model({ batch_size: 'year', begin: new Date('2020-06-01T00:00:00Z') }), {
      rebuild: false,
      now: new Date('2024-05-01T00:00:00Z'),
    });
    expect(starts(yearly)).toEqual(['2023-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z']);
  });

  it('an explicit range replaces begin, lookback and now', () => {
    const plan = planMicrobatch(model({ batch_size: 'day', begin: '2020-01-01' }), {
      rebuild: true,
      now: new Date('2024-05-01T00:00:00Z'),
      ...eventTimeRange({ eventTimeStart: '2024-01-01', eventTimeEnd: '2024-01-03' }),
    });
    expect(starts(plan)).toEqual(['2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z']);
  });

  it('with only --event-time-end, a later run looks back from the end, as dbt does', () => {
    const plan = planMicrobatch(model({ batch_size: 'day', begin: '2020-01-01' }), {
      rebuild: false,
      now: new Date('2024-05-01T00:00:00Z'),
      ...eventTimeRange({ eventTimeEnd: '2024-01-03 06:00' }),
    });
    expect(starts(plan)).toEqual(['2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z']);
  });

  it('a begin after now gives one empty-window batch, as dbt plans it, so the table is still created', () => {
    const plan = planMicrobatch(model({ batch_size: 'day', begin: '2030-01-01' }), {
      rebuild: true,
      now: new Date('2024-01-03T12:00:00Z'),
    });
    expect(plan.batches).toEqual([{ start: '2030-01-01T00:00:00.000Z', end: '2024-01-03T12:00:00.000Z' }]);
  });

  it('reads begin only when the batches start from it: an explicit start or a later run needs none', () => {
    const now = new Date('2024-01-03T12:00:00Z');
    const noBegin = model({ batch_size: 'day' });
    expect(
      starts(planMicrobatch(noBegin, { rebuild: true, now, eventTimeStart: new Date('2024-01-02') })),
    ).toEqual(['2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z']);
    expect(starts(planMicrobatch(noBegin, { rebuild: false, now }))).toHaveLength(2);
    expect(() => planMicrobatch(noBegin, { rebuild: true, now })).toThrow(
      expect.objectContaining({ code: 'LDP462' }),
    );
  });

  it('refuses missing settings, an unreadable begin and a backwards range with codes', () => {
    const now = new Date('2024-01-01T00:00:00Z');
    expect(() =>
      planMicrobatch(model({ event_time: undefined, batch_size: 'day', begin: '2024-01-01' }), {
        rebuild: true,
        now,
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'LDP460',
        span: expect.objectContaining({ file: 'models/events_by_period.sql' }),
      }),
    );
    expect(() => planMicrobatch(model({ begin: '2024-01-01' }), { rebuild: true, now })).toThrow(
      expect.objectContaining({ code: 'LDP461' }),
    );
    expect(() =>
      planMicrobatch(model({ batch_size: 'day', begin: 'last tuesday' }), { rebuild: true, now }),
    ).toThrow(expect.objectContaining({ code: 'LDP463' }));
    expect(() => eventTimeRange({ eventTimeStart: '2024-02-01', eventTimeEnd: '2024-01-01' })).toThrow(
      expect.objectContaining({ code: 'LDP464' }),
    );
    expect(() => eventTimeRange({ eventTimeStart: 'yesterday' })).toThrow(
      expect.objectContaining({ code: 'LDP463' }),
    );
  });

  it('reads dates and timestamps without a zone as UTC', () => {
    expect(parseUtc('2024-01-02')?.toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect(parseUtc('2024-01-02 06:30')?.toISOString()).toBe('2024-01-02T06:30:00.000Z');
    expect(parseUtc('2024-01-02T06:00:00+02:00')?.toISOString()).toBe('2024-01-02T04:00:00.000Z');
    expect(parseUtc('2024-13-40')).toBeUndefined();
  });
});
