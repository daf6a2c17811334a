import * as OpenCC from 'opencc-js/cn2t';
import type { ConflictQuery } from '../../models/conflicts/find-matches.js';
import {
  brandOf,
  composeName,
  creditCode,
  generateCompany,
  industries,
  latinWord,
  legalForms,
  mobile,
  personName,
  pick,
  type GeneratedCompany,
  type Random,
} from './company-generator.js';

// The labelled conflict-check set: target companies, and for each variant class a query a rep would
// plausibly type for a target, with the target as the expected answer; plus unknown companies that
// must match nothing.

export const variantClasses = [
  'region-missing',
  'region-extra',
  'suffix',
  'industry',
  'brackets',
  'full-width',
  'traditional',
  'typo',
  'swapped',
  'brand-only',
  'credit-code',
  'phone',
  'email',
  'boss',
] as const;
export type VariantClass = (typeof variantClasses)[number];

export interface LabelledQuery {
  variant: VariantClass;
  query: ConflictQuery;
  /** Index into the targets. */
  target: number;
}

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' }) as unknown as (text: string) => string;

/** ASCII → full-width forms (ＡＢＣ１２３（）), as some input methods type them. */
export function fullWidth(text: string): string {
  return [...text]
    .map((c) => {
      const code = c.charCodeAt(0);
      if (c === ' ') {
        return '\u3000';
      }
      return code > 0x20 && code < 0x7f ? String.fromCharCode(code + 0xfee0) : c;
    })
    .join('');
}

function otherThan<T>(random: Random, list: readonly T[], not: T): T {
  let value = pick(random, list);
  while (value === not) {
    value = pick(random, list);
  }
  return value;
}

function typo(random: Random, brand: string): string {
  const chars = [...brand];
  const at = Math.floor(random() * chars.length);
  chars[at] = otherThan(random, [...brandOf(random, 6)], chars[at]!);
  return chars.join('');
}

function swap(random: Random, brand: string): string {
  const chars = [...brand];
  const at = Math.floor(random() * (chars.length - 1));
  [chars[at], chars[at + 1]] = [chars[at + 1]!, chars[at]!];
  return chars.join('');
}

function phoneFormats(random: Random, phone: string): string {
  if (phone.startsWith('0')) {
    const [area, number] = phone.split('-') as [string, string];
    return pick(random, [
      `(${area}) ${number.slice(0, 4)}-${number.slice(4)}`,
      `+86 ${area.slice(1)} ${number}`,
      `${area}${number}`,
      `${area}-${number}转8001`,
    ]);
  }
  return pick(random, [
    `+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`,
    `0086${phone}`,
    `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`,
    `+86${phone}`,
  ]);
}

/** The target company a variant class needs (e.g. latin letters for full-width, no region for region-extra). */
export function targetFor(variant: VariantClass, random: Random): GeneratedCompany {
  const company = generateCompany(random, variant === 'typo' || variant === 'swapped' ? (random() < 0.5 ? 3 : 4) : 0);
  if (variant === 'full-width') {
    company.parts.brand = `${latinWord(random).slice(0, 3).toUpperCase()}${company.parts.brand}`;
  }
  if (variant === 'region-extra') {
    company.parts.layout = 'none';
  } else if (variant === 'region-missing') {
    company.parts.layout = 'prefix';
  }
  if (variant === 'email' && company.input.emails.length === 0) {
    company.input.emails = [`sales@${latinWord(random)}.com`];
  }
  company.input.name = composeName(company.parts, random);
  return company;
}

/** A query of the given class for the target. */
export function variantQuery(variant: VariantClass, t: GeneratedCompany, random: Random): ConflictQuery {
  const p = t.parts;
  const name = (parts: Partial<GeneratedCompany['parts']>) => composeName({ ...p, ...parts }, random);
  switch (variant) {
    case 'region-missing':
      return { name: name({ layout: 'none' }) };
    case 'region-extra':
      return { name: name({ layout: 'prefix' }) };
    case 'suffix':
      return {
        name: `${t.input.name.slice(0, -p.legalForm.length)}${pick(random, [...legalForms.filter((f) => f !== p.legalForm), '', '集团', '分公司'])}`,
      };
    case 'industry':
      return { name: name({ industry: random() < 0.25 ? '' : otherThan(random, industries, p.industry) }) };
    case 'brackets':
      return {
        name:
          random() < 0.5
            ? `${p.brand}（${p.city || p.province}）${p.industry}${p.legalForm}`
            : `${p.brand}${p.industry}（集团）${p.legalForm}`,
      };
    case 'full-width':
      return { name: fullWidth(t.input.name.replace('（', '(').replace('）', ')')) };
    case 'traditional':
      return { name: toTraditional(t.input.name) };
    case 'typo':
      return { name: name({ brand: typo(random, p.brand) }) };
    case 'swapped':
      return { name: name({ brand: swap(random, p.brand) }) };
    case 'brand-only':
      return { name: p.brand };
    case 'credit-code':
      return { creditCode: `${t.input.creditCode.slice(0, 6)} ${t.input.creditCode.slice(6)}`.toLowerCase() };
    case 'phone':
      return { phones: [phoneFormats(random, pick(random, t.input.phones))] };
    case 'email':
      return { emails: [`${latinWord(random)}@${t.input.emails[0]!.split('@')[1]!}`] };
    case 'boss':
      return { boss: t.input.boss };
  }
}

/** Companies nobody has: fresh names (checked against existing cores by the caller), phones and codes. */
export function unknownQueries(random: Random, count: number): ConflictQuery[] {
  return Array.from({ length: count }, (_, i) => {
    if (i % 10 === 8) {
      return { phones: [mobile(random)] };
    }
    if (i % 10 === 9) {
      return { creditCode: creditCode(random) };
    }
    const company = generateCompany(random);
    return i % 10 === 7 ? { name: company.parts.brand, boss: personName(random) } : { name: company.input.name };
  });
}
