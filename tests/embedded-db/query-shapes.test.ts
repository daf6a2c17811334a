import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { queryShapes } from '../../models/shared/db/query-shapes.js';
import { judgeShapes } from '../support/query-shapes.js';
import '../../models/registry.js';

// The table of the product's query shapes (models/shared/db/query-shapes.json) must name indexes the
// models declare, and each index's leading field must be bound by the shape — what MongoDB needs to use it.

// $exists binds the field of a sparse index, which holds only documents that have it.
const rangeOrPoint = new Set(['$eq', '$in', '$gt', '$gte', '$lt', '$lte', '$exists']);

function declaredIndexes(collection: string): Map<string, string[]> {
  const model = Object.values(mongoose.models).find((m) => m.collection.collectionName === collection);
  const indexes = new Map<string, string[]>();
  for (const [fields, options] of model?.schema.indexes() ?? []) {
    const name =
      (options as { name?: string }).name ??
      Object.entries(fields)
        .map(([k, v]) => `${k}_${String(v)}`)
        .join('_');
    indexes.set(name, Object.keys(fields));
  }
  return indexes;
}

function boundFields(filter: Record<string, unknown>): Set<string> {
  const bound = new Set<string>();
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      value.forEach((part) => boundFields(part as Record<string, unknown>).forEach((field) => bound.add(field)));
    } else if (!key.startsWith('$')) {
      const operators = typeof value === 'object' && value !== null ? Object.keys(value) : [];
      if (operators.length === 0 || operators.some((operator) => rangeOrPoint.has(operator))) {
        bound.add(key);
      }
    }
  }
  return bound;
}

describe('the query-shape table', () => {
  it('when a listed shape names its index, then the models declare it and the shape binds its leading field', () => {
    const wrong: string[] = [];
    for (const shape of queryShapes.filter((s) => s.index !== null)) {
      const declared = declaredIndexes(shape.collection);
      const or = /^OR\[(.*)\]$/.exec(shape.index!);
      // An $or plan: one index per branch, each branch binding that index's leading field.
      const names = or ? or[1]!.split(',') : [shape.index!];
      const branches = or ? (shape.filter.$or as Record<string, unknown>[]) : [shape.filter];
      names.forEach((name, i) => {
        const keys = declared.get(name);
        if (!keys) {
          wrong.push(`${shape.collection}.${name} is not declared by the model`);
        } else if (Object.keys(shape.filter).length === 0) {
          // A full read in the order of an index: MongoDB walks the index.
          if (Object.keys(shape.sort ?? {})[0] !== keys[0]) {
            wrong.push(`${name} does not give the order of ${JSON.stringify(shape)}`);
          }
        } else if (!boundFields({ ...shape.filter, ...branches[i] }).has(keys[0]!)) {
          wrong.push(`${name} does not serve ${JSON.stringify(shape)}`);
        }
      });
    }
    expect(wrong).toEqual([]);
  });

  it('when a shape is a deliberate scan, then the table says why', () => {
    for (const shape of queryShapes.filter((s) => s.index === null)) {
      expect(shape.reason, JSON.stringify(shape)).toMatch(/\S{8,}/);
    }
  });

  it('when the run saw a shape no index serves, or one the table lacks, then it is reported', () => {
    const listed = queryShapes.find((shape) => shape.index !== null)!;
    const problems = judgeShapes(
      [
        { collection: listed.collection, filter: listed.filter, sort: listed.sort, plans: { COLLSCAN: 2 } },
        { collection: 'customers', filter: { industry: 1 }, plans: { COLLSCAN: 1 } },
        { collection: 'customers', filter: { _id: 1, version: 1 }, plans: { _id_: 5 } },
        { collection: listed.collection, filter: listed.filter, sort: listed.sort, plans: { [listed.index!]: 1 } },
      ],
      queryShapes,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^listed as served by .* but scanned/),
      expect.stringMatching(/^unlisted query shape \(served by COLLSCAN\).*industry/),
    ]);
  });
});
