import { foldText, stripPunctuation } from './chinese-text.js';
import { industryWords, legalSuffixes } from './name-words.js';
import { regionAtEnd, regionAtStart, regionExactly, type Region } from './regions.js';

// A Chinese company name is region + core name (字号) + industry + legal form, in that order, with
// the region sometimes in brackets after the core (字节跳动（北京）科技有限公司). Reps type any subset
// of these, so matching compares core names and treats the rest as context.

/** One reading of the core name, with the region that was stripped to get it. */
export interface CoreReading extends Region {
  core: string;
}

export interface CompanyName {
  /** Folded (simplified, half-width, lower case) without spaces and punctuation: the exact key. */
  normalized: string;
  /** The core name (字号) of the most likely reading. */
  core: string;
  /**
   * Every plausible reading, most likely first. A bare region word at the start (安康, 中国) may be
   * part of the brand (安康信达 vs 陕西安康的信达), so the unstripped reading is kept as well.
   */
  readings: CoreReading[];
  /** Industry words stripped from the end, outermost first. */
  industries: string[];
  /** The legal form (有限公司, 股份有限公司, …), or ''. */
  legalForm: string;
}

// The shortest core we strip down to: one character cannot tell companies apart.
const MIN_CORE = 2;

const bracketPattern = /[([【〔{<《「『]([^)\]】〕}>》」』]*)[)\]】〕}>》」』]/g;

// Bulk paths parse each name several times (keys, index terms, scoring); a small cache spares that.
const cache = new Map<string, CompanyName>();
const CACHE_SIZE = 20_000;

/** Parses a company name into its normalised form, core name readings and context words. */
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

function parse(name: string): CompanyName {
  const folded = foldText(name);
  let bracketRegion: Region = { province: '', city: '' };
  // Bracketed regions and qualifiers ((北京), (中国), (集团), (有限合伙)) are not the brand and go;
  // anything else in brackets may be what tells two names apart (张伟（企微客户 1141f2）) and stays.
  const withoutBrackets = folded.replace(bracketPattern, (_all, content: string) => {
    const text = stripPunctuation(content);
    const region = regionExactly(text);
    if (region && !bracketRegion.province) {
      bracketRegion = { province: region.province, city: region.city };
    }
    return region || isQualifier(text) ? ' ' : ` ${content} `;
  });
  const normalized = stripPunctuation(folded);
  let work = stripPunctuation(withoutBrackets);
  if (work.length < MIN_CORE) {
    // The whole name was in brackets or punctuation: fall back to everything that was typed.
    work = normalized;
  }

  const starts = regionPrefixReadings(work, bracketRegion);
  const industries: string[] = [];
  let legalForm = '';
  const readings = starts.map((start, index) => {
    const tail = stripTail(start.core);
    if (index === 0) {
      industries.push(...tail.industries);
      legalForm = tail.legalForm;
    }
    const region = start.province || start.city ? start : tail.region;
    return { core: tail.core, province: region.province, city: region.city };
  });
  const unique = readings.filter((r, i) => readings.findIndex((o) => o.core === r.core) === i);
  return { normalized, core: unique[0]?.core ?? '', readings: unique, industries, legalForm };
}

const qualifiers = new Set([
  '中国',
  '中华',
  '亚洲',
  '亚太',
  '国际',
  '全球',
  '中国区',
  '大中华区',
  '集团',
  '控股',
  '特殊普通合伙',
]);

function isQualifier(text: string): boolean {
  return qualifiers.has(text) || legalSuffixes.endOf(text, 0) === text || industryWords.endOf(text, 0) === text;
}

/** Strips region prefixes: a province, then one of its cities (广东省深圳市), or one city or district. */
function regionPrefixReadings(text: string, bracketRegion: Region): CoreReading[] {
  const alternatives: CoreReading[] = [];
  let work = text;
  let region: Region = { ...bracketRegion };
  for (let step = 0; step < 2; step++) {
    const found = regionAtStart(work);
    if (!found || work.length - found.text.length < MIN_CORE) {
      break;
    }
    // A second step only continues a chain: a city or district inside the province just stripped.
    if (step === 1 && (found.province !== region.province || !found.city || region.city)) {
      break;
    }
    if (!found.explicit) {
      alternatives.unshift({ core: work, ...region });
    }
    region = { province: found.province || region.province, city: found.city || region.city };
    work = work.slice(found.text.length);
  }
  // The most stripped reading is the most likely one; less stripped alternatives follow.
  return [{ core: work, ...region }, ...alternatives];
}

interface Tail {
  core: string;
  industries: string[];
  legalForm: string;
  region: Region;
}

/** Strips legal forms, industry words and a trailing region (…上海分公司) from the end, repeatedly. */
function stripTail(text: string): Tail {
  let work = text;
  const industries: string[] = [];
  let legalForm = '';
  let region: Region = { province: '', city: '' };
  for (let changed = true; changed;) {
    changed = false;
    const suffix = legalSuffixes.endOf(work, MIN_CORE);
    if (suffix) {
      legalForm ||= suffix;
      work = work.slice(0, -suffix.length);
      changed = true;
      continue;
    }
    const industry = industryWords.endOf(work, MIN_CORE);
    if (industry) {
      industries.push(industry);
      work = work.slice(0, -industry.length);
      changed = true;
      continue;
    }
    const trailing = regionAtEnd(work);
    if (trailing?.province && work.length - trailing.text.length >= MIN_CORE) {
      if (!region.province && !region.city) {
        region = { province: trailing.province, city: trailing.city };
      }
      work = work.slice(0, -trailing.text.length);
      changed = true;
    }
  }
  return { core: work, industries, legalForm, region };
}
