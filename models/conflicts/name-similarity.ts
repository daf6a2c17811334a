import type { CompanyName, CoreReading } from './keys/company-name.js';
import { regionsCompatible } from './keys/regions.js';

// How alike two company names are, and what kind of likeness it is. The kind matters as much as the
// number: one mistyped character in a four-character core (宏达 / 鸿达) is as likely another company
// as a typo, while two swapped characters rarely are.

export type NameLikeness =
  /** Identical after normalisation. */
  | 'exact'
  /** The same core name (字号) with compatible regions. */
  | 'core'
  /** The same core name registered in different regions: the same brand, possibly another entity. */
  | 'core-elsewhere'
  /** One core name contains the other (百度 / 百度网讯). */
  | 'brand'
  /** Edit distance: typos, swapped or missing characters. */
  | 'similar';

export interface NameComparison {
  likeness: NameLikeness;
  /** 0–1. */
  similarity: number;
  /** Whether this likeness alone makes the two the same entity. */
  sameEntity: boolean;
  /** 0–1: region, industry and legal form agreeing, to rank equally similar names. */
  context: number;
}

/** Similarity at or above which an edit-distance match counts as the same entity. */
export const SAME_SIMILARITY = 0.85;
/** Similarity below which two names are not reported at all. */
export const MIN_SIMILARITY = 0.6;

/**
 * Optimal-string-alignment distance over code points, where a substitution costs 1 and swapping two
 * neighbours costs 0.5 (a swap is a keyboard slip, not a different name).
 */
export function editDistance(a: readonly string[], b: readonly string[]): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[(i - 2) * cols + j - 2]! + 0.5);
      }
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

/**
 * Similarity of a query's core name to a candidate's, and its kind, without context. Containment is
 * asymmetric: a short query inside a longer name is how people search by brand (百度 → 百度网讯),
 * while a longer query containing a short name has characters the name lacks, which is weaker.
 */
export function coreSimilarity(
  query: string,
  candidate: string,
): { similarity: number; likeness: 'core' | 'brand' | 'similar' } {
  if (query === candidate) {
    return { similarity: 1, likeness: 'core' };
  }
  const q = [...query];
  const c = [...candidate];
  const shorter = Math.min(q.length, c.length);
  const longer = Math.max(q.length, c.length);
  let brand = 0;
  if (shorter >= 2 && q.length <= c.length && candidate.includes(query)) {
    brand = 0.6 + 0.3 * (shorter / longer) + (candidate.startsWith(query) ? 0.05 : 0);
  } else if (shorter >= 2 && query.includes(candidate)) {
    brand = 0.5 + 0.3 * (shorter / longer) + (query.startsWith(candidate) ? 0.05 : 0);
  }
  let edit = 1 - editDistance(q, c) / longer;
  // 测试客户12 and 测试客户13, 第一建筑 and 第二建筑: different numbers are different companies.
  if (digitsOf(query) !== digitsOf(candidate)) {
    edit = Math.min(edit, MIN_SIMILARITY);
  }
  return brand >= edit ? { similarity: brand, likeness: 'brand' } : { similarity: edit, likeness: 'similar' };
}

function contextOf(q: CompanyName, c: CompanyName, qr: CoreReading, cr: CoreReading): number {
  const bothRegions = (qr.province || qr.city) && (cr.province || cr.city);
  const region = bothRegions && qr.province === cr.province && qr.city === cr.city ? 1 : 0;
  const industry = q.industries.some((w) => c.industries.includes(w)) ? 1 : 0;
  const legal = q.legalForm !== '' && q.legalForm === c.legalForm ? 1 : 0;
  return (region * 2 + industry * 2 + legal) / 5;
}

/** Compares two parsed names over every pair of readings and keeps the best. */
export function compareNames(q: CompanyName, c: CompanyName): NameComparison | null {
  if (!q.normalized || !c.normalized) {
    return null;
  }
  if (q.normalized === c.normalized) {
    return { likeness: 'exact', similarity: 1, sameEntity: true, context: 1 };
  }
  let best: NameComparison | null = null;
  for (const [qi, qr] of q.readings.entries()) {
    for (const [ci, cr] of c.readings.entries()) {
      if ([...qr.core].length < 2 || [...cr.core].length < 2) {
        continue;
      }
      const core = coreSimilarity(qr.core, cr.core);
      // Readings that keep a region word in the core are less likely; prefer the primary ones.
      const penalty = (qi + ci) * 0.1;
      let comparison: NameComparison;
      if (core.likeness === 'core') {
        const compatible = regionsCompatible(qr, cr);
        comparison = compatible
          ? { likeness: 'core', similarity: 0.95 - penalty, sameEntity: true, context: 0 }
          : { likeness: 'core-elsewhere', similarity: 0.72 - penalty, sameEntity: false, context: 0 };
      } else {
        const similarity = core.similarity - penalty;
        const sameEntity = core.likeness === 'similar' && similarity >= SAME_SIMILARITY && regionsCompatible(qr, cr);
        comparison = { likeness: core.likeness, similarity, sameEntity, context: 0 };
      }
      comparison.context = contextOf(q, c, qr, cr);
      if (!best || rank(comparison) > rank(best)) {
        best = comparison;
      }
    }
  }
  return best && best.similarity >= MIN_SIMILARITY ? best : null;
}

function rank(c: NameComparison): number {
  return (c.sameEntity ? 1 : 0) + c.similarity + c.context * 0.01;
}
