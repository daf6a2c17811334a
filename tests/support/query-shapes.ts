import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { queryShapes, shapeKey, type QueryShape } from '../../models/shared/db/query-shapes.js';
import '../../models/registry.js';

// MongoDB cannot run here, so this is how production stays index-served: the embedded server records the
// shape of every read, update and delete of the test run with the plan that served it (its queryShapes
// command), and the run fails when a product collection saw a shape that no index serves, or one missing
// from the table in models/shared/db/query-shapes.json. Filters pinning _id need no entry; nor do empty
// filters (full deletes of test cleanup, full reads), which no index can serve.

interface ObservedShape {
  collection: string;
  filter: Record<string, unknown>;
  sort?: Record<string, unknown>;
  plans: Record<string, number>;
}

export interface ShapeReport {
  problems: string[];
  observed: number;
}

const productCollections = () =>
  new Set(Object.values(mongoose.models).map((model) => model.collection.collectionName));

/** Reads the server's recorded shapes and judges them against the table. */
export async function checkQueryShapes(uri: string, reportDir: string): Promise<ShapeReport> {
  const client = await new mongoose.mongo.MongoClient(uri).connect();
  try {
    const reply = await client.db('admin').command({ queryShapes: 1 });
    const collections = productCollections();
    const observed = (reply.shapes as ObservedShape[]).filter((shape) => collections.has(shape.collection));
    mkdirSync(reportDir, { recursive: true });
    writeFileSync(join(reportDir, 'query-shapes.observed.json'), `${JSON.stringify(observed, null, 1)}\n`);
    return { problems: judgeShapes(observed, queryShapes), observed: observed.length };
  } finally {
    await client.close();
  }
}

// Filters that pin _id (equality or $in), and full reads in _id order, are served by the _id index
// everywhere; they need no entry.
function pinsId(filter: Record<string, unknown>): boolean {
  const id = filter._id;
  if (id === 1 || (typeof id === 'object' && id !== null && Object.keys(id).join() === '$in')) {
    return true;
  }
  const and = filter.$and;
  return (
    Array.isArray(and) &&
    and.some((part: unknown) => typeof part === 'object' && part !== null && pinsId(part as Record<string, unknown>))
  );
}

// The console's customer list is a scope `$or` and-ed with any combination of its nine filters, paged in
// _id order: on MongoDB a walk of the _id index that stops at the page, whatever the filters. One entry,
// the scope alone, stands for the whole family.
function consoleListFamily(shape: ObservedShape): boolean {
  const and = shape.filter.$and;
  return (
    shape.collection === 'customers' &&
    Array.isArray(and) &&
    typeof and[0] === 'object' &&
    and[0] !== null &&
    '$or' in and[0] &&
    shape.sort !== undefined &&
    sortsById(shape.sort)
  );
}

function sortsById(sort: Record<string, unknown>): boolean {
  return Object.keys(sort).join() === '_id';
}

export function judgeShapes(observed: ObservedShape[], table: readonly QueryShape[]): string[] {
  const listed = new Map(table.map((shape) => [shapeKey(shape), shape]));
  const problems: string[] = [];
  for (const shape of observed) {
    const entry = listed.get(shapeKey(shape));
    const plans = Object.keys(shape.plans).join(', ');
    const scanned = 'COLLSCAN' in shape.plans;
    const line = JSON.stringify({ collection: shape.collection, filter: shape.filter, sort: shape.sort });
    const empty = Object.keys(shape.filter).length === 0;
    const idOrder = empty && (!shape.sort || sortsById(shape.sort));
    if (entry === undefined && (pinsId(shape.filter) || idOrder || consoleListFamily(shape))) {
      continue;
    }
    if (entry === undefined) {
      problems.push(`unlisted query shape (served by ${plans}): ${line}`);
    } else if (scanned && entry.index !== null && !empty) {
      // (An empty filter sorted by an index is a walk of that index on MongoDB; this server sorts a scan.)
      problems.push(`listed as served by ${entry.index} but scanned: ${line}`);
    }
  }
  return problems;
}
