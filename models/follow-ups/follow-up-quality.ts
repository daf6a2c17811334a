// Follow-up quality (跟进质量): the check that keeps filler out of the CRM. A note is valid only when it
// says something concrete, names who was reached, and plans a next step. Only valid notes reset a
// customer's drop clock, so "继续跟进" typed to keep a customer hoarded no longer works.

export type QualityCode = 'FILLER' | 'TOO_SHORT' | 'NO_CONTACT' | 'NO_NEXT_STEP' | 'REPEATED';

export interface QualityReason {
  code: QualityCode;
  message: string;
}

export interface FollowUpVerdict {
  valid: boolean;
  /** 0–100, for display; valid notes score at least 60. */
  score: number;
  reasons: QualityReason[];
  /** Characters of real content left after removing filler and padding. */
  substance: number;
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

export const MIN_LENGTH = 10;
export const MIN_SUBSTANCE = 6;

// Stock phrases that say nothing about the customer. Longer phrases first so they win over parts.
const fillerPhrases = [
  '暂时没有意向',
  '暂时没意向',
  '目前没有意向',
  '没什么意向',
  '意向不大',
  '意向不明确',
  '暂无意向',
  '没有意向',
  '无意向',
  '没意向',
  '继续跟进',
  '持续跟进',
  '保持跟进',
  '后续跟进',
  '后期跟进',
  '再跟进',
  '跟进中',
  '跟进一下',
  '待跟进',
  '正常跟进',
  '常规跟进',
  '保持互动',
  '保持联系',
  '保持沟通',
  '维护关系',
  '维护客情',
  '日常维护',
  '日常沟通',
  '正常沟通',
  '简单沟通',
  '沟通了一下',
  '聊了一下',
  '聊了聊',
  '有空再聊',
  '改天再聊',
  '过几天再说',
  '以后再说',
  '再联系',
  '再说',
  '待定',
  '考虑考虑',
  '考虑一下',
  '考虑中',
  '在考虑',
  '再考虑',
  '再看看',
  '看情况',
  '等通知',
  '等回复',
  '等消息',
  '等客户回复',
  '没回复',
  '未回复',
  '不回复',
  '没回消息',
  '未接通',
  '没接通',
  '没人接',
  '无人接听',
  '电话没接',
  '没接电话',
  '不接电话',
  '客户在忙',
  '客户很忙',
  '在开会',
  '了解一下',
  '已联系',
  '联系了',
  '已沟通',
  '沟通了',
  '已回访',
  '回访了',
  '发了资料',
  '已发资料',
  '发资料',
  '同上',
  '如上',
  '暂无',
  '无进展',
  '没进展',
  '一般',
  '正常',
  '好的',
  '收到',
  '已读',
  '嗯',
  'ok',
  '跟进',
  '回访',
  '沟通',
  '联系',
  '意向',
];

// Function words and generic nouns that pad a note without adding facts.
const paddingWords = [
  '客户',
  '对方',
  '目前',
  '暂时',
  '现在',
  '今天',
  '昨天',
  '还是',
  '一直',
  '已经',
  '继续',
  '一下',
  '一些',
  '比较',
  '可能',
  '应该',
  '表示',
  '说',
  '讲',
  '问',
  '先',
  '再',
  '还',
  '很',
  '也',
  '都',
  '就',
  '在',
  '有',
  '没有',
  '无',
  '了',
  '的',
  '地',
  '得',
  '呢',
  '吧',
  '啊',
  '哦',
  '呀',
  '嘛',
  '我',
  '我们',
  '他',
  '她',
  '他们',
  '电话',
  '微信',
  '企微',
  '消息',
  '情况',
  '这边',
  '那边',
  '和',
  '与',
  '跟',
  '等',
  '中',
  '下',
];

// Who was reached: a surname or name with a title, or a role on the buying side.
const personPattern = new RegExp(
  [
    '[\\u4e00-\\u9fa5]{1,3}(总经理|副总|总监|总|经理|主管|主任|老板|老师|局长|处长|科长|院长|校长|董事长|董事|部长|厂长|店长|助理|秘书|专员|工程师|会计|律师|医生|姐|哥)',
    '老板娘',
    '老板',
    '负责人',
    '对接人',
    '联系人',
    '决策人',
    '创始人',
    '合伙人',
    '法人',
    '股东',
    '采购',
    '财务',
    '行政',
    '人事',
    '前台',
    '技术负责人',
    'ceo',
    'cto',
    'cfo',
    'coo',
    'hr',
    'kp',
    'it部',
  ].join('|'),
  'i',
);

// A planned next step: a time, or an action the rep will take.
const nextStepPattern = new RegExp(
  [
    '下周[一二三四五六日天]?',
    '下下周',
    '下个?月',
    '下次',
    '下一步',
    '明天',
    '后天',
    '大后天',
    '本周[一二三四五六日天]?',
    '这周[一二三四五六日天]?',
    '周[一二三四五六日天]',
    '星期[一二三四五六日天]',
    '月底',
    '月初',
    '月中',
    '年底',
    '节后',
    '\\d{1,2}月\\d{1,2}[日号]?',
    '\\d{1,2}[日号]',
    '\\d{1,2}[:：]\\d{2}',
    '\\d+天[后内]',
    '[上下]午',
    '晚上',
    '约了',
    '约好',
    '约定',
    '预约',
    '安排',
    '计划',
    '准备',
    '打算',
    '届时',
    '到时',
    '确认后',
    '回复后',
    '上门',
    '拜访',
    '面谈',
    '演示',
    '试用',
    '报价',
    '发送?方案',
    '出方案',
    '改方案',
    '签约',
    '签合同',
    '走流程',
    '提交',
    '对接',
    '邀请',
    '参观',
    '开会',
  ].join('|'),
);

const normalizeCache = new Map<string, string>();

/** Full-width to half-width, lower case, and punctuation, spaces and symbols removed. */
export function compactText(text: string): string {
  const cached = normalizeCache.get(text);
  if (cached !== undefined) {
    return cached;
  }
  const compact = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
  if (normalizeCache.size > 1000) {
    normalizeCache.clear();
  }
  normalizeCache.set(text, compact);
  return compact;
}

function removeAll(text: string, words: readonly string[]): { rest: string; removed: number } {
  let rest = text;
  let removed = 0;
  for (const word of words) {
    if (rest.includes(word)) {
      const parts = rest.split(word);
      removed += parts.length - 1;
      rest = parts.join('');
    }
  }
  return { rest, removed };
}

function mentionsKnownContact(compact: string, names: readonly string[]): boolean {
  return names.some((name) => {
    const n = compactText(name);
    // A two-character name is matched whole; longer names also by their given name (e.g. "晓明").
    return n.length >= 2 && (compact.includes(n) || (n.length >= 3 && compact.includes(n.slice(1))));
  });
}

/**
 * Judges a follow-up note. Returns every reason it falls short, so the form can show them while the
 * rep types; `valid` is true only when there are none.
 */
export function followUpQuality(text: string, context: FollowUpContext = {}): FollowUpVerdict {
  const compact = compactText(text);
  const reasons: QualityReason[] = [];

  const withoutFiller = removeAll(compact, fillerPhrases);
  const substance = removeAll(withoutFiller.rest, paddingWords).rest.length;

  if (compact.length < MIN_LENGTH) {
    reasons.push({ code: 'TOO_SHORT', message: `内容太短（不足 ${MIN_LENGTH} 个字），请写清这次沟通了什么` });
  }
  if (substance < MIN_SUBSTANCE && (withoutFiller.removed > 0 || compact.length >= MIN_LENGTH)) {
    reasons.push({
      code: 'FILLER',
      message: '内容多为套话（如“继续跟进”“暂无意向”），请写清客户的具体需求、顾虑或进展',
    });
  }

  const contactNamed =
    Boolean(context.contactName?.trim()) ||
    personPattern.test(compact) ||
    mentionsKnownContact(compact, context.knownContactNames ?? []);
  if (!contactNamed) {
    reasons.push({ code: 'NO_CONTACT', message: '没有写明联系人，请注明与谁沟通（如“王总”“采购李经理”）' });
  }

  const nextStepField = context.nextStep ? compactText(context.nextStep) : '';
  const nextStepFieldUseful = nextStepField.length > 0 && removeAll(nextStepField, fillerPhrases).rest.length >= 2;
  const planned = Boolean(context.nextFollowUpAt) || nextStepFieldUseful || nextStepPattern.test(compact);
  if (!planned) {
    reasons.push({ code: 'NO_NEXT_STEP', message: '没有下一步计划，请写明下一步做什么、什么时候做' });
  }

  if (context.previousContent && compactText(context.previousContent) === compact && compact.length > 0) {
    reasons.push({ code: 'REPEATED', message: '与上一条跟进内容相同，请记录本次的新进展' });
  }

  const penalties: Record<QualityCode, number> = {
    FILLER: 45,
    TOO_SHORT: 35,
    NO_CONTACT: 20,
    NO_NEXT_STEP: 20,
    REPEATED: 40,
  };
  const bonus = Math.min(20, Math.max(0, substance - MIN_SUBSTANCE));
  const score = Math.max(0, Math.min(100, 80 + bonus - reasons.reduce((sum, r) => sum + penalties[r.code], 0)));
  return {
    valid: reasons.length === 0,
    score: reasons.length === 0 ? Math.max(60, score) : Math.min(59, score),
    reasons,
    substance,
  };
}
