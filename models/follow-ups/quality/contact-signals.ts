import { compoundSurnames, nameSurnames, notNames, roleWords, surnames, titlesAfterSurname } from './lexicon.js';
import { dictionaryWords, taggedWords } from './segmenter.js';

// Who was reached. A rep names people the way they address them: 王总, 刘工, 张女士, 王磊（IT主管）,
// 小刘 / 老鲁, Kevin, the buyer's role (采购, 财务, CTO), or a contact already stored on the customer.

export interface ContactFound {
  kind: 'form' | 'stored' | 'title' | 'full-name' | 'xiao-lao' | 'english' | 'bracket' | 'role';
  text: string;
}

const HAN = '\\p{Script=Han}';
const titleAlternation = [...titlesAfterSurname].sort((a, b) => b.length - a.length).join('|');
const surnameTitle = new RegExp(`(${compoundSurnames.join('|')}|${HAN})(${titleAlternation})`, 'giu');
const roleAlternation = [...roleWords].sort((a, b) => b.length - a.length).join('|');
// 采购流程, 财务审批: the role word used as a modifier names nobody.
const rolePattern = new RegExp(
  `(${roleAlternation})(?!\\d|[一二三四五六七八九十两几了过的]|流程|计划|预算|需求|清单|平台|系统|金额|量|价|合同|方式|周期|名单|模块|部分|数据|成本|审批|软件)`,
  'i',
);
const bracketRole = new RegExp(`[（(][^）)]{0,8}(${roleAlternation}|${titleAlternation})[^）)]{0,4}[）)]`, 'iu');
const nonTechCapitalised = new Set(
  'Excel Word Demo Android Windows Linux Oracle Java Python Office Mac Wifi Logo Email Call Follow Ok Okay App Api Sap'
    .toLowerCase()
    .split(' '),
);
// Characters that end a phrase, never a given name: 李说, 张了.
const notInName = new Set([
  ...'了的是在和说对把给也都就要会我他她有很还再又被让从向跟与及并但而或个位这那一两三发见打约问聊做去来到过上下前后中里内外先能可想需用看买卖报签送寄讲带开定改加减多少高低大新好快慢贵等说讲回反确认',
]);

function isNotAName(text: string, index: number, length: number): boolean {
  return notNames.some((word) => {
    const at = text.indexOf(word, Math.max(0, index - word.length + 1));
    return at >= 0 && at <= index && at + word.length >= index + Math.min(length, 2);
  });
}

function titled(text: string): string | null {
  let fallback: string | null = null;
  for (const match of text.matchAll(surnameTitle)) {
    const [whole, surname] = match;
    if (!surnames.has(surname!) || isNotAName(text, match.index, whole.length)) continue;
    // 和采购王总: "和" is more often a word than a surname, so a clearer name later in the note wins.
    if (nameSurnames.has(surname!)) return whole;
    fallback ??= whole;
  }
  return fallback;
}

function xiaoLao(text: string): string | null {
  for (const match of text.matchAll(/[小老](\p{Script=Han})/gu)) {
    if (surnames.has(match[1]!) && !isNotAName(text, match.index, 2)) return match[0];
  }
  return null;
}

// A name stands where people stand: after 和/跟/见了/给…, before 说/回复/反馈…, or at a phrase boundary.
const beforeName = new Set(
  '了 和 跟 与 同 给 见 约 拜访 联系 问 找 陪 带 对接 打给 见到 通知 告诉 是 向 请 由 及 、'.split(' '),
);
const afterName = new Set(
  '说 回复 反馈 表示 确认 提出 要求 认为 觉得 答应 同意 透露 带 让 问 发来 回电话 电话 那边 这边 对 认可 （ ('.split(
    ' ',
  ),
);
const boundary = /^[\s\p{P}]*$/u;

function inNamePosition(tokens: readonly string[], first: number, last: number): boolean {
  const before = tokens[first - 1];
  const after = tokens[last + 1];
  const open = before === undefined || boundary.test(before) || beforeName.has(before);
  const close = after === undefined || boundary.test(after) || afterName.has(after);
  return (
    (open && close) ||
    (open && before !== undefined && !boundary.test(before)) ||
    (close && after !== undefined && !boundary.test(after))
  );
}

/** A surname standing alone in dictionary segmentation, followed by one or two unknown characters: 邢/佳/怡. */
function fullName(text: string): string | null {
  const tokens = dictionaryWords(text);
  for (let i = 0; i < tokens.length - 1; i++) {
    const surname = tokens[i]!;
    if (!nameSurnames.has(surname)) continue;
    let last = i;
    while (last < i + 2 && isGivenChar(tokens[last + 1])) last++;
    // A two-character given name joined in the dictionary (欧阳/晓峰) also counts after a compound surname.
    if (last === i && surname.length === 2 && /^\p{Script=Han}{2}$/u.test(tokens[i + 1] ?? '')) last++;
    if (last > i && inNamePosition(tokens, i, last)) return tokens.slice(i, last + 1).join('');
  }
  return guessedName(text);
}

function isGivenChar(token: string | undefined): boolean {
  return token !== undefined && /^\p{Script=Han}$/u.test(token) && !notInName.has(token);
}

/** A name the segmenter's HMM recognises (赵天宇, or 赵/天宇 both tagged as names), starting with a surname. */
function guessedName(text: string): string | null {
  const tagged = taggedWords(text);
  const tokens = tagged.map((t) => t.word);
  for (let i = 0; i < tagged.length; i++) {
    const { word, tag } = tagged[i]!;
    const next = tagged[i + 1];
    // 祝/志强: a surname the tagger did not see as a name, then a given name it did.
    const split =
      word.length === 1 &&
      nameSurnames.has(word) &&
      /^nr(fg|t)?$/.test(next?.tag ?? '') &&
      (next?.word.length ?? 9) <= 2;
    if (!split && (!/^(nr|nrfg|nrt|x)$/.test(tag) || !/^\p{Script=Han}{2,4}$/u.test(word))) continue;
    const joined = split ? word + next!.word : word;
    const last = split ? i + 1 : i;
    if (joined.length < 2 || joined.length > 4 || notNames.includes(joined)) continue;
    const surname =
      nameSurnames.has(joined.slice(0, 2)) && joined.length >= 3 ? joined.slice(0, 2) : joined.slice(0, 1);
    const givenOk = !notInName.has(joined.charAt(surname.length));
    if (nameSurnames.has(surname) && givenOk && inNamePosition(tokens, i, last)) return joined;
  }
  return null;
}

function englishName(text: string): string | null {
  for (const match of text.matchAll(/(?<![A-Za-z])([A-Z][a-z]{2,9})(?![A-Za-z])/g)) {
    if (!nonTechCapitalised.has(match[1]!.toLowerCase())) return match[1]!;
  }
  return null;
}

function storedContact(text: string, names: readonly string[]): string | null {
  for (const name of names) {
    const n = name.replace(/[\s（(].*$/u, '').trim();
    if (n.length >= 2 && text.includes(n)) return n;
    // Also by the given name alone (郑晓明 → 晓明), when it is two characters or more.
    const given = nameSurnames.has(n.slice(0, 2)) ? n.slice(2) : n.slice(1);
    if (n.length >= 3 && given.length >= 2 && text.includes(given)) return given;
  }
  return null;
}

/** The first sign in the note (or the form) of who was reached, or null. */
export function contactReached(
  text: string,
  form: { contactName?: string | null; knownContactNames?: readonly string[] },
): ContactFound | null {
  const finders: [ContactFound['kind'], () => string | null][] = [
    ['form', () => form.contactName?.trim() || null],
    ['stored', () => storedContact(text, form.knownContactNames ?? [])],
    ['bracket', () => bracketRole.exec(text)?.[0] ?? null],
    ['title', () => titled(text)],
    ['xiao-lao', () => xiaoLao(text)],
    ['role', () => rolePattern.exec(text)?.[0] ?? null],
    ['english', () => englishName(text)],
    ['full-name', () => fullName(text)],
  ];
  for (const [kind, find] of finders) {
    const found = find();
    if (found) return { kind, text: found };
  }
  return null;
}
