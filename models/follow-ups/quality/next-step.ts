// What happens next: a time that is still to come (下周三, 12号, 月底前, 周五前, 2027-01-08), or a
// committed action (约了…, 下一步…, 我明天发…). Vague times (过几天, 改天, 回头, 有空) plan nothing.
// An honest "no" is a plan too, when it says why and when to come back.

const CN_NUM = '[一二三四五六七八九十两半]';
const WEEKDAY = '[一二三四五六日天1-7]';

const futureTimes = [
  `下+(?:周|星期|礼拜)${WEEKDAY}?`,
  `(?:本|这)(?:周|星期)${WEEKDAY}`,
  `(?:本|这)(?:周|星期|个?月)(?:内|底|末)`,
  `(?:周|星期|礼拜)${WEEKDAY}(?:前|之前|上午|下午|晚上)?`,
  '下+个?月(?:初|中|底)?',
  '下+(?:季度|半年|半月)',
  '下次',
  '明早|明晚|明天|明日|后天|大后天',
  '明年\\d{0,2}月?',
  '年[后底前]|节后|春节后|国庆(?:节)?后|元旦后|五一后|开年|年初',
  `(?:\\d{1,2}|${CN_NUM}{1,3})月(?:份|初|中|底|中旬|下旬|上旬|\\d{1,2}[日号]?)`,
  '\\d{1,2}[日号](?:前|之前|左右|上午|下午)?',
  '\\d{1,2}\\.\\d{1,2}(?![\\d%万])',
  '20\\d{2}[-/.年]\\d{1,2}[-/.月]\\d{1,2}',
  '\\d{1,2}[:：]\\d{2}',
  `(?:上午|下午|晚上)?(?:\\d{1,2}|${CN_NUM}{1,3})点(?:半|\\d{1,2}分?)?`,
  `(?:\\d{1,3}|${CN_NUM}{1,3})(?:个)?(?:天|周|星期|月|个月|工作日)[后内]`,
  '月[底初中](?:前)?|月末',
  'Q[1-4]|[一二三四]季度',
  '(?:今天|今晚|下班|今日)\\S{0,4}前|今晚',
];
const futureTime = new RegExp(futureTimes.join('|'), 'iu');

// A committed next action, with or without a date: 约了, 下一步, 我去/我来/我会 + a verb.
const plannedAction = new RegExp(
  [
    '下一步',
    '约[了好定]',
    '(?:定在|约在|安排在|改到|推到)',
    '我(?:方)?(?:这边)?(?:会|将|来|去|再|负责|答应|承诺|准备|计划)\\S{0,3}(?:发|寄|出|做|带|约|去|上门|安排|提交|准备|确认|问|催|报|回|联系|演示|开通|培训|申请|核算|改)',
    '(?:答应|承诺)\\S{0,8}(?:后|前|内)',
    '(?:申请|核算|确认)后(?:回复|再|发)',
  ].join('|'),
  'u',
);

// Waiting on the other side for a concrete step of theirs (等对方盖章, 等他们试用完, 待审批) is a plan;
// waiting for a reply or a notice (等回复, 等通知) is not, so the awaited step must be a deal step.
const theirSteps =
  '盖章|签字|签章|签署|审批|审核|批复|拍板|回传|寄回|付款|打款|走流程|开会|讨论|汇报|测试|试用|小试|试产|出结果|' +
  '评估|验收|下单|招标|定标|比价|核完|对账|选型';
const awaitedStep = new RegExp(
  `(?:^|(?<=[\\s\\p{P}在先还正要需得就只再]))(?:等待?|等着|待)[^\\s\\p{P}]{0,8}?(?:${theirSteps})`,
  'u',
);
// Work the customer asked of us (需要我们出一份方案, 要我们提供资质) is owed, so it is a next step.
const owedWork =
  /(?<![不别甭需])(?:需要|要|让|请|要求|希望|叫)我(?:们|方|司)(?:这边)?(?:再|先|尽快)?(?:出|提供|准备|补|整理|写|拟|做|发|报)(?![了过完])/u;
// Something to send later today (今天晚上发他邮箱, 今天发), unless the clause says it is done (今天发了).
const laterToday =
  /(?:今天|今日)(?:晚上|下午|下班前|之内|内)?(?:就|会|再)?(?:发|寄|提交|安排)(?![^，。；,;\n]{0,4}[了过])/u;
// A step tied to the customer's event: 付款后安排发货, 盖章后寄回, 验收通过后开票.
const afterTheirEvent =
  /(?:付款|到账|收款|打款|盖章|签字|签完|签约|审批|验收|测试|试用|开会|汇报)(?:完|通过)?之?后(?:就|再|马上|立即|我们?|我方)?(?:安排|发|寄|启动|开|约|上门|签|下单|回复|报)/u;
const committedSteps = [plannedAction, awaitedStep, owedWork, laterToday, afterTheirEvent];

// "不换 / 不做 / 选了别家 …" with a reason ("原因是…", "因为…") and a time to come back.
const negativeOutcome =
  /(?:不换|不做|不上|不续|不考虑|不采购|不买|先不|暂不|没选|选了(?:别家|竞品|其他)|砍掉|砍了|冻结|取消|放弃|用自研|自己开发|暂停)/u;
const reasonMarker = /(?:原因|因为|由于|考虑到|主要是|刚和|刚签|合同还没到期|预算)/u;
const comeBack = /(?:再(?:联系|跟进|约|谈|来|问|回访|找)|回访|到期前|重新(?:立项|评估|谈))/u;

export interface NextStepFound {
  kind: 'time' | 'action' | 'form' | 'negative-outcome';
  text: string;
}

/** The next step the note (or the form) plans, or null. */
export function nextStepPlanned(
  text: string,
  form: { nextStep?: string | null; nextFollowUpAt?: Date | null },
  formStepUseful: (step: string) => boolean,
): NextStepFound | null {
  if (form.nextFollowUpAt) return { kind: 'form', text: form.nextFollowUpAt.toISOString().slice(0, 10) };
  const step = form.nextStep?.trim();
  if (step && formStepUseful(step)) return { kind: 'form', text: step };
  const time = futureTime.exec(text);
  if (time) return { kind: 'time', text: time[0] };
  for (const pattern of committedSteps) {
    const action = pattern.exec(text);
    if (action) return { kind: 'action', text: action[0] };
  }
  return null;
}

/** An honest negative outcome: the customer said no, why, and when to come back. */
export function honestNo(text: string): string | null {
  const no = negativeOutcome.exec(text);
  if (!no || !reasonMarker.test(text) || !comeBack.test(text)) return null;
  return futureTime.test(text) || /半年后|下半年|明年|\d{1,2}月/u.test(text) ? no[0] : null;
}

/** Whether a time expression is still to come (for the form's next-step field). */
export function mentionsFutureTime(text: string): boolean {
  return futureTime.test(text);
}
