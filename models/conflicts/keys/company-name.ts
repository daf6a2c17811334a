import { foldText, stripPunctuation } from './chinese-text.js';
import { canonicalIndustry, industryWords } from './industry-words.js';
import { legalFormAliases, legalSuffixes } from './name-words.js';
import { hasRegion, noRegion, regionAtEnd, regionExactly, regionPrefix, type Region } from './regions.js';

// A Chinese company name is 行政区划 + 字号 + 行业 + 组织形式 (北京 + 字节跳动 + 科技 + 有限公司), the
// structure the name-registration rules prescribe. The region may come first, in brackets after the
// trade name (字节跳动（北京）科技有限公司) or not at all; a branch (…上海分公司) is named after its
// parent. Reps type any subset of these, so matching compares trade names and treats the rest as context.

/** One reading of the trade name (字号), with the region found around it. */
export interface CoreReading extends Region {
  core: string;
}

export interface CompanyName {
  /** Folded (simplified, half-width, lower case) without spaces and punctuation: the exact key. */
  normalized: string;
  /** The trade name (字号) of the most likely reading. */
  core: string;
  /**
   * Every plausible reading, most likely first. A bare region word at the start (安康, 中国) may be
   * part of the trade name (安康信达 vs 陕西安康的信达), so the unstripped reading is kept as well.
   */
  readings: CoreReading[];
  /** Industry words stripped from the end, outermost first. */
  industries: string[];
  /** The industry as one canonical phrase (电商 → 电子商务), or ''. */
  industry: string;
  /** The legal form (有限公司, 股份有限公司, …) in its canonical spelling, or ''. */
  legalForm: string;
  /** The trade name and industry as written, without region and legal form (for how it sounds). */
  body: string;
  /** A branch (分公司, 分店, 办事处…) of the company the rest of the name names. */
  branch: boolean;
}

// The shortest trade name we strip down to: one character cannot tell companies apart.
const MIN_CORE = 2;

const bracketPattern = /[([【〔{<《「『]([^)\]】〕}>》」』]*)[)\]】〕}>》」』]/g;
// …有限公司上海分公司: the parent's name, then where the branch is.
const branchPattern =
  /^(.{3,}?(?:有限责任公司|有限公司|股份公司|集团|公司))(.*?)(分公司|分店|办事处|营业部|分部|分厂)$/;
const branchTail = /(分公司|分店|办事处|营业部|分部|分厂)$/;

// Bulk paths parse each name several times (keys, index terms, scoring); a small cache spares that.
const cache = new Map<string, CompanyName>();
const CACHE_SIZE = 20_000;

/** Parses a company name into its normalised form, trade-name readings and context words. */
export function parseCompanyName(name: string): CompanyName {
  let parsed = cache.get(name);
  if (!parsed) {
    if (cache.size >= CACHE_SIZE) {
      cache.clear();
    }
    parsed = parse(name);
    cache.set(name, parsed);
  }
  return parsed;
}

const qualifiers = new Set(['中国', '中华', '亚洲', '亚太', '国际', '全球', '中国区', '大中华区', '集团', '控股']);

function isQualifier(text: string): boolean {
  return qualifiers.has(text) || legalSuffixes.endOf(text, 0) === text || industryWords.endOf(text, 0) === text;
}

/** Takes bracketed regions and qualifiers out ((北京), (集团)); other bracketed words stay. */
function withoutBrackets(folded: string): { text: string; region: Region } {
  let region = noRegion();
  const text = folded.replace(bracketPattern, (_all, content: string) => {
    const inner = stripPunctuation(content);
    const found = regionExactly(inner);
    if (found && !region.province && !region.city) {
      region = { province: found.province, city: found.city, county: found.county ?? '' };
    }
    return found || isQualifier(inner) ? ' ' : ` ${content} `;
  });
  return { text, region };
}

function parse(name: string): CompanyName {
  const folded = foldText(name);
  const normalized = stripPunctuation(folded);
  const brackets = withoutBrackets(folded);
  let work = stripPunctuation(brackets.text);
  if (work.length < MIN_CORE) {
    // The whole name was in brackets or punctuation: fall back to everything that was typed.
    work = normalized;
  }
  let branch = false;
  const parent = branchPattern.exec(work);
  if (parent && parent[1]!.length >= MIN_CORE + 2) {
    work = parent[1]!;
    branch = true;
  } else if (branchTail.test(work) && work.replace(branchTail, '').length >= MIN_CORE) {
    work = work.replace(branchTail, '');
    branch = true;
  }
  const starts = regionReadings(work, brackets.region);
  let tailOfFirst: Tail | null = null;
  const readings = starts.map((start, index) => {
    let tail = stripTail(start.core);
    // 中国建筑, 上海汽车: when keeping the region word leaves only it, the industry word is the name.
    if (index > 0 && regionExactly(tail.core)) {
      tail = stripTail(start.core, false);
    }
    tailOfFirst = index === 0 ? tail : tailOfFirst;
    // Where a branch is (…上海分公司) is not where its company is registered.
    const region = hasRegion(start) ? start : branch ? noRegion() : tail.region;
    return { core: tail.core, province: region.province, city: region.city, county: region.county ?? '' };
  });
  const unique = readings.filter((r, i) => readings.findIndex((o) => o.core === r.core) === i);
  const first = tailOfFirst as Tail | null;
  const industries = first?.industries ?? [];
  return {
    normalized,
    core: unique[0]?.core ?? '',
    readings: unique,
    industries,
    industry: industryPhrase(industries),
    legalForm: first ? (legalFormAliases[first.legalForm] ?? first.legalForm) : '',
    body: `${unique[0]?.core ?? ''}${[...industries].reverse().join('')}`,
    branch,
  };
}

/** The industry words (outermost first) as one canonical phrase: [科技, 网络] → 网络科技. */
function industryPhrase(words: string[]): string {
  const written = [...words].reverse();
  const joined = canonicalIndustry(written.join(''));
  return joined !== written.join('') ? joined : written.map(canonicalIndustry).join('');
}

/** Strips the region prefix (广东省深圳市南山区); a bare one (安康) keeps the unstripped reading too. */
function regionReadings(text: string, bracketRegion: Region): CoreReading[] {
  const prefix = regionPrefix(text, MIN_CORE);
  if (!prefix) {
    return [{ core: text, ...bracketRegion }];
  }
  const region: Region = hasRegion(prefix) ? prefix : bracketRegion;
  const stripped: CoreReading = {
    core: text.slice(prefix.text.length),
    province: region.province,
    city: region.city,
    county: region.county ?? '',
  };
  return prefix.explicit ? [stripped] : [stripped, { core: text, ...bracketRegion }];
}

interface Tail {
  core: string;
  industries: string[];
  legalForm: string;
  region: Region;
}

/** Strips legal forms, industry words and a trailing region (…上海) from the end, repeatedly. */
function stripTail(text: string, industriesToo = true): Tail {
  let work = text;
  const industries: string[] = [];
  let legalForm = '';
  let region = noRegion();
  for (let changed = true; changed;) {
    changed = false;
    const suffix = legalSuffixes.endOf(work, MIN_CORE);
    if (suffix) {
      legalForm ||= suffix;
      work = work.slice(0, -suffix.length);
      changed = true;
      continue;
    }
    const industry = industriesToo ? industryWords.endOf(work, MIN_CORE) : undefined;
    if (industry) {
      industries.push(industry);
      work = work.slice(0, -industry.length);
      changed = true;
      continue;
    }
    const trailing = regionAtEnd(work);
    if (trailing && work.length - trailing.text.length >= MIN_CORE) {
      if (!hasRegion(region)) {
        region = { province: trailing.province, city: trailing.city, county: '' };
      }
      work = work.slice(0, -trailing.text.length);
      changed = true;
    }
  }
  return { core: work, industries, legalForm, region };
}
