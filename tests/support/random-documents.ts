import type { Document, Filter } from 'mongodb';

// Random documents, filters and updates over a small vocabulary (mixed types, nulls, missing fields, arrays,
// nested fields), for judging the embedded server's index plans against its own collection scan.

export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const pick = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
export const day = (n: number) => new Date(Date.UTC(2026, 10, 1 + n));
const aValues = [0, 1, 2, 3, 1.0, null, 'x', 2.5] as const;
const tagValues = ['t1', 't2', 't3', 't4'] as const;
const cValues = ['alpha', 'beta', 'gamma', 'delta'] as const;

export function randomDocument(random: Random, id: number): Document {
  const doc: Document = { _id: id };
  const maybe = (p: number) => random() < p;
  if (maybe(0.85)) doc.a = pick(random, aValues);
  if (maybe(0.8)) doc.b = maybe(0.85) ? day(Math.floor(random() * 30)) : Math.floor(random() * 10);
  if (maybe(0.7)) {
    doc.tags = maybe(0.15) ? pick(random, tagValues) : tagValues.filter(() => maybe(0.4));
  } else if (maybe(0.5)) {
    doc.items = Array.from({ length: Math.floor(random() * 4) }, () => ({
      k: pick(random, ['k0', 'k1', 'k2']),
      v: Math.floor(random() * 5),
    }));
  }
  if (maybe(0.8)) doc.c = pick(random, cValues);
  if (maybe(0.6)) doc.nested = { x: Math.floor(random() * 5) };
  if (maybe(0.3)) doc.s = Math.floor(random() * 3);
  return doc;
}

export function randomClause(random: Random): Document {
  const n = () => Math.floor(random() * 5);
  const clauses: Array<() => Document> = [
    () => ({ a: pick(random, aValues) }),
    () => ({ a: { $in: [pick(random, aValues), pick(random, aValues)] } }),
    () => ({ a: { [pick(random, ['$gt', '$gte', '$lt', '$lte'])]: n() } }),
    () => ({ a: { $gte: 1, $lt: 3 } }),
    () => ({ a: { $ne: 1 } }),
    () => ({ b: { $gte: day(n() * 3), $lt: day(n() * 6 + 3) } }),
    () => ({ b: { $lt: n() } }),
    () => ({ b: { $gte: day(20) } }),
    () => ({ tags: pick(random, tagValues) }),
    () => ({ tags: { $in: [pick(random, tagValues), pick(random, tagValues)] } }),
    () => ({ tags: { $gte: 't2', $lte: 't3' } }),
    () => ({ tags: { $gt: pick(random, tagValues) } }),
    () => ({ c: pick(random, cValues) }),
    () => ({ c: { $in: [pick(random, cValues), 'omega'] } }),
    () => ({ c: { $gte: 'beta' } }),
    () => ({ c: { $exists: false } }),
    () => ({ 'items.k': pick(random, ['k0', 'k1', 'k2']) }),
    () => ({ 'items.v': { $gt: 1, $lt: 3 } }),
    () => ({ 'nested.x': { $lte: n() } }),
    () => ({ 'nested.x': n() }),
    () => ({ s: pick(random, [0, 1, null]) }),
    () => ({ s: { $exists: random() < 0.7 } }),
    () => ({ a: null }),
    () => ({ $or: [{ a: 1 }, { c: 'beta' }] }),
  ];
  return pick(random, clauses)();
}

export function randomFilter(random: Random): Filter<Document> {
  const parts = Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomClause(random));
  const merged: Document = {};
  const and: Document[] = [];
  for (const part of parts) {
    const [key] = Object.keys(part);
    if (key! in merged) and.push(part);
    else Object.assign(merged, part);
  }
  if (and.length > 0) merged.$and = and;
  return merged;
}

export function randomUpdate(random: Random): Document {
  return pick(random, [
    () => ({ $set: { a: pick(random, aValues) } }),
    () => ({ $set: { b: day(Math.floor(random() * 30)) } }),
    () => ({ $unset: { c: '' } }),
    () => ({ $set: { c: pick(random, cValues), 'nested.x': Math.floor(random() * 5) } }),
    () => ({ $set: { tags: tagValues.filter(() => random() < 0.5) } }),
    () => ({ $set: { s: Math.floor(random() * 3) } }),
  ])();
}
