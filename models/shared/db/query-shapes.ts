import table from './query-shapes.json' with { type: 'json' };

// Every query shape the product issues (reads, updates, deletes, aggregations' leading $match) with the
// index that serves it on MongoDB — kept beside the models because MongoDB cannot run here. A shape is
// the filter with values replaced by 1 and operators kept, keys sorted; `sort` keeps its order. The test
// run fails on a shape that is missing here or that no index serves (tests/support/query-shapes.ts);
// `index: null` is for reads that are scans by design, with the reason. The table is query-shapes.json,
// one shape a line; `OR[a,b]` names an $or served by one index per branch.

export interface QueryShape {
  collection: string;
  filter: Record<string, unknown>;
  sort?: Record<string, unknown>;
  /** The index name (mongoose's default `field_1_other_-1`), or null for a deliberate scan. */
  index: string | null;
  reason?: string;
}

export const queryShapes: readonly QueryShape[] = table;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(canonical);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return 1;
}

/** One key per shape: collection, canonical filter, and the sort as given. */
export function shapeKey(shape: Pick<QueryShape, 'collection' | 'filter' | 'sort'>): string {
  return `${shape.collection} ${JSON.stringify(canonical(shape.filter))} ${JSON.stringify(shape.sort ?? {})}`;
}
