import { contactReached, type ContactFound } from './quality/contact-signals.js';
import { contentOf, type ContentFound } from './quality/content-signals.js';
import { honestNo, mentionsFutureTime, nextStepPlanned, type NextStepFound } from './quality/next-step.js';
import { textShape, type PaddingKind } from './quality/text-shape.js';

// Follow-up quality (跟进质量): only a valid note resets a customer's drop clock, so this check decides
// who keeps a customer. A note is valid when it is real writing (no keyboard mash, digit runs, repeated
// fragments, emoji or laughter padding), says something concrete about the deal beyond stock phrases,
// names who was reached, and plans what comes next — or honestly reports a "no" with its reason and a
// date to come back. One engine serves the API, the mini-app's live check and the bot.

export const qualityCodes = [
  'TOO_SHORT',
  'PADDING',
  'FILLER',
  'NO_DETAIL',
  'NO_CONTACT',
  'NO_NEXT_STEP',
  'REPEATED',
] as const;
export type QualityCode = (typeof qualityCodes)[number];

export interface QualityReason {
  code: QualityCode;
  message: string;
}

/** What the score is made of, so a rep (or ops judging a dispute) can see why a note passed or not. */
export interface QualityEvidence {
  contact: ContactFound | null;
  nextStep: NextStepFound | null;
  honestNo: string | null;
  contentWords: string[];
  signals: ContentFound['signals'];
  fillers: string[];
  padding: { kind: PaddingKind; sample: string }[];
}

export interface FollowUpVerdict {
  valid: boolean;
  /** 0–100, for display; valid notes score at least 60. */
  score: number;
  reasons: QualityReason[];
  /** In Chinese: what was recognised and the points each part earned (联系人+20 下一步+20 …). */
  explanation: string;
  /** Distinct meaningful words (the note's substance). */
  substance: number;
  evidence: QualityEvidence;
}

export interface FollowUpContext {
  /** The contact person picked in the form, if any. */
  contactName?: string | null;
  /** Names of the customer's known contacts, recognised when the note mentions them. */
  knownContactNames?: readonly string[];
  /** The next-step field of the form, if any. */
  nextStep?: string | null;
  /** The planned date of the next follow-up, if any. */
  nextFollowUpAt?: Date | null;
  /** The author's previous note on this customer, to catch copy-paste. */
  previousContent?: string | null;
}

export const MIN_LENGTH = 8;
/** Meaningful words a note needs besides its contact and its date. */
export const MIN_CONTENT_WORDS = 2;

const paddingLabels: Record<PaddingKind, string> = {
  keyboard: '乱敲的字母',
  digits: '无意义的数字串',
  symbols: '重复的符号',
  emoji: '表情堆砌',
  laughter: '“哈哈”之类的语气词堆砌',
  repetition: '同一段内容反复出现',
  garbled: '读不通的乱序文字',
};

/** Full-width to half-width, lower case, and punctuation, spaces and symbols removed. */
export function compactText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

function formStepUseful(step: string): boolean {
  const content = contentOf(step, []);
  return mentionsFutureTime(step) || content.contentWords.length >= 2;
}

function evidenceOf(text: string, context: FollowUpContext): QualityEvidence {
  const note = text.normalize('NFKC');
  const shape = textShape(note, compactText(note));
  const contact = contactReached(note, context);
  const nextStep = nextStepPlanned(note, context, formStepUseful);
  const content = contentOf(note, [contact?.kind === 'form' ? '' : (contact?.text ?? ''), nextStep?.text ?? '']);
  const padding = [...shape.padding];
  if (content.contentWords.length >= 6 && content.uniqueRatio < 0.5 && !padding.some((p) => p.kind === 'repetition')) {
    padding.push({ kind: 'repetition', sample: content.contentWords.slice(0, 3).join('') });
  }
  return {
    contact,
    nextStep,
    honestNo: honestNo(note),
    contentWords: [...new Set(content.contentWords)],
    signals: content.signals,
    fillers: content.fillers,
    padding,
  };
}

function reasonsFor(text: string, e: QualityEvidence, context: FollowUpContext): QualityReason[] {
  const reasons: QualityReason[] = [];
  const compact = compactText(text);
  if (compact.length < MIN_LENGTH) {
    reasons.push({ code: 'TOO_SHORT', message: `内容太短（不足 ${MIN_LENGTH} 个字），请写清这次沟通了什么` });
  }
  if (e.padding.length > 0) {
    const found = [...new Set(e.padding.map((p) => paddingLabels[p.kind]))].join('、');
    reasons.push({ code: 'PADDING', message: `内容里有${found}，请删掉凑字数的部分，写真实的沟通内容` });
  }
  const kinds = new Set(e.signals.map((s) => s.kind)).size;
  const concrete =
    (e.contentWords.length >= MIN_CONTENT_WORDS && (kinds > 0 || e.contentWords.length >= 5)) ||
    (kinds >= 2 && e.contentWords.length >= 1);
  if (!concrete && !e.honestNo) {
    const quoted = e.fillers
      .slice(0, 3)
      .map((f) => `“${f}”`)
      .join('');
    reasons.push(
      e.fillers.length > 0
        ? {
            code: 'FILLER',
            message: `${quoted}是套话，没有具体内容：请写清客户的需求、顾虑、金额或数量、做了什么决定、发了什么资料`,
          }
        : {
            code: 'NO_DETAIL',
            message: '没有具体内容：请写清客户的需求、顾虑、金额或数量、做了什么决定、发了什么资料',
          },
    );
  }
  if (!e.contact && !e.honestNo) {
    reasons.push({
      code: 'NO_CONTACT',
      message: '没有写明联系人，请注明与谁沟通（如“王总”“采购李经理”“王磊（IT主管）”）',
    });
  }
  if (!e.nextStep && !e.honestNo) {
    reasons.push({
      code: 'NO_NEXT_STEP',
      message: '没有下一步：请写明下一步做什么、什么时候（如“下周三上门演示”“周五前发报价”）',
    });
  }
  if (context.previousContent && compactText(context.previousContent) === compact && compact.length > 0) {
    reasons.push({ code: 'REPEATED', message: '与你上一条跟进内容相同，请记录本次的新进展' });
  }
  return reasons;
}

// Points per part, so a score can be explained: who 20, next 20, content up to 35, signals up to 25,
// less padding and stock phrases.
function scoreParts(e: QualityEvidence): { label: string; points: number }[] {
  return [
    { label: '联系人', points: e.contact || e.honestNo ? 20 : 0 },
    { label: '下一步', points: e.nextStep || e.honestNo ? 20 : 0 },
    { label: '内容', points: Math.min(35, e.contentWords.length * 5) },
    { label: '要点', points: Math.min(25, new Set(e.signals.map((s) => s.kind)).size * 10 + (e.honestNo ? 10 : 0)) },
    { label: '凑字数', points: -e.padding.length * 25 },
    { label: '套话', points: -Math.min(20, e.fillers.length * 5) },
  ];
}

function scoreOf(parts: { points: number }[], reasons: QualityReason[]): number {
  const raw = Math.max(
    0,
    Math.min(
      100,
      parts.reduce((sum, p) => sum + p.points, 0),
    ),
  );
  return reasons.length === 0 ? Math.max(60, raw) : Math.min(59, raw);
}

/** One line for the form and the bot: what the check recognised, and the points each part earned. */
function explanationOf(e: QualityEvidence, parts: { label: string; points: number }[]): string {
  const found = [
    e.contact ? `联系人「${e.contact.text}」` : '',
    e.nextStep ? `下一步「${e.nextStep.text}」` : '',
    e.honestNo ? `明确结论「${e.honestNo}」` : '',
    e.signals.length > 0 ? `要点「${e.signals.map((s) => s.text).join('、')}」` : '',
  ].filter(Boolean);
  const points = parts
    .filter((p) => p.points !== 0)
    .map((p) => `${p.label}${p.points > 0 ? '+' : ''}${p.points}`)
    .join(' ');
  return `${found.length > 0 ? `已识别：${found.join('，')}` : '未识别到联系人、下一步或具体要点'}（${points || '0 分'}）`;
}

/**
 * Judges a follow-up note. Returns every reason it falls short (in Chinese, saying what is missing),
 * so the form can show them while the rep types; `valid` is true only when there are none.
 */
export function followUpQuality(text: string, context: FollowUpContext = {}): FollowUpVerdict {
  const evidence = evidenceOf(text, context);
  const reasons = reasonsFor(text, evidence, context);
  const parts = scoreParts(evidence);
  return {
    valid: reasons.length === 0,
    score: scoreOf(parts, reasons),
    reasons,
    explanation: explanationOf(evidence, parts),
    substance: evidence.contentWords.length,
    evidence,
  };
}
