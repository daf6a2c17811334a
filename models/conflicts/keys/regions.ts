import { regionNames, type RegionName } from './region-data.js';

// Finding the administrative region (行政区划) at the start or end of a company name, and deciding
// whether two regions can be the same place. The names come from region-data.ts (every division).

export type { RegionName } from './region-data.js';

export interface Region {
  province: string;
  city: string;
  county?: string;
}

export const noRegion = (): Region => ({ province: '', city: '', county: '' });

const byText = new Map<string, RegionName[]>();
regionNames.forEach((r) => byText.set(r.text, [...(byText.get(r.text) ?? []), r]));
const lengths = [...new Set(regionNames.map((r) => r.text.length))].sort((a, b) => b - a);
const depth = { province: 0, city: 1, county: 2 } as const;

/** Whether `r` lies inside `within` one level or more down (广东 → 深圳 → 南山). */
function inside(r: RegionName, within: Region & { level?: RegionName['level'] }): boolean {
  if (!within.province && !within.city) {
    return true;
  }
  if (within.level && depth[r.level] <= depth[within.level]) {
    return false;
  }
  return r.province === within.province && (!within.city || r.city === within.city);
}

/**
 * The region name the text starts with (longest first). Outside a chain, a bare county name (南山
 * without 区) is not taken: too many of them are also words (长安, 青山, 朝阳). Names shared by
 * several places keep only the levels they agree on.
 */
export function regionAtStart(text: string, chain?: Region & { level: RegionName['level'] }): RegionName | undefined {
  for (const length of lengths) {
    if (length > text.length) {
      continue;
    }
    const found = (byText.get(text.slice(0, length)) ?? []).filter(
      (r) => (chain ? inside(r, chain) : r.standalone) && (r.province || !chain),
    );
    if (found.length > 0) {
      return merge(found);
    }
  }
  return undefined;
}

function merge(found: RegionName[]): RegionName {
  const first = found[0]!;
  if (found.length === 1) {
    return first;
  }
  // 吉林 is a province and a city in it: the larger one wins. 朝阳区 is in Beijing and in Changchun.
  const top = found.filter((r) => depth[r.level] === Math.min(...found.map((f) => depth[f.level])));
  const agree = (key: 'province' | 'city' | 'county') =>
    top.every((r) => r[key] === top[0]![key]) ? top[0]![key] : '';
  return { ...top[0]!, province: agree('province'), city: agree('city'), county: agree('county') };
}

/** The province or city name the text ends with (…上海分公司), if any. */
export function regionAtEnd(text: string): RegionName | undefined {
  for (const length of lengths) {
    const found = length <= text.length ? (byText.get(text.slice(-length)) ?? []) : [];
    const usable = found.filter((r) => r.level !== 'county' && r.province);
    if (usable.length > 0) {
      return merge(usable);
    }
  }
  return undefined;
}

export interface RegionPrefix extends Region {
  /** The text the region took. */
  text: string;
  /** Every part was written with its suffix; a bare name (安康) may belong to the trade name. */
  explicit: boolean;
}

/** The chain of regions a text starts with (广东省深圳市南山区), leaving at least `keep` characters. */
export function regionPrefix(text: string, keep: number): RegionPrefix | null {
  let region: Region & { level: RegionName['level'] } = { ...noRegion(), level: 'province' };
  let taken = '';
  let explicit = true;
  for (let step = 0; step < 3; step++) {
    const rest = text.slice(taken.length);
    const found = regionAtStart(rest, step === 0 ? undefined : region);
    if (!found || rest.length - found.text.length < keep) {
      break;
    }
    taken += found.text;
    explicit &&= found.explicit;
    region = {
      province: found.province || region.province,
      city: found.city || region.city,
      county: found.county || region.county,
      level: found.level,
    };
    if (!found.province) {
      break; // 中国: nothing more specific follows in a prefix
    }
  }
  return taken ? { province: region.province, city: region.city, county: region.county, text: taken, explicit } : null;
}

/** The region a bracket's content names entirely, e.g. （北京）, (深圳市), （中国）. */
export function regionExactly(text: string): Region | undefined {
  const prefix = regionPrefix(text, 0);
  return prefix && prefix.text === text ? prefix : undefined;
}

export const hasRegion = (r: Region) => Boolean(r.province || r.city || r.county);

/** Whether two regions can be the same place: each level equal or unknown on one side. */
export function regionsCompatible(a: Region, b: Region): boolean {
  if (!hasRegion(a) || !hasRegion(b)) {
    return true;
  }
  const level = (x: string | undefined, y: string | undefined) => !x || !y || x === y;
  return level(a.province, b.province) && level(a.city, b.city) && level(a.county, b.county);
}
