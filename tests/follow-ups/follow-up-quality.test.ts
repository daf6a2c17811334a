import { describe, expect, it } from 'vitest';
import { followUpQuality, type FollowUpContext, type QualityCode } from '../../models/follow-ups/follow-up-quality.js';

// Real-looking notes as reps write them. `flags` lists every reason the note must be flagged for;
// an empty list means the note is valid and resets the drop clock.
const notes: { text: string; flags: QualityCode[]; context?: FollowUpContext }[] = [
  // Valid: who, what, next step.
  { text: '电话联系王总，对方确认今年有CRM采购计划，预算在20万左右，下周三上门做产品演示。', flags: [] },
  { text: '拜访李经理，了解到他们现在用Excel管客户，销售20人，痛点是撞单多，约了周五给老板汇报方案。', flags: [] },
  { text: '与采购部张主任沟通报价，对方希望单价再降5%，我答应明天下午申请特价后回复。', flags: [] },
  { text: '陈总来公司参观，看了演示后对工单模块很感兴趣，要求3月15日前提供私有化部署报价。', flags: [] },
  { text: '和财务刘姐确认了付款流程：合同盖章后30天内付首款50%，下周一寄合同原件。', flags: [] },
  { text: '企微上和老板聊了竞品情况，他们之前用过销售易，嫌贵，下次带上价格对比表去面谈。', flags: [] },
  { text: 'HR负责人反馈试用账号已开通，目前有8个销售在用，周四回访收集使用问题。', flags: [] },
  { text: 'CTO提出需要对接他们的ERP（用友U8），技术评估后本周五出对接方案。', flags: [] },
  { text: '王总说董事会已批准预算，合同走法务审核，预计月底签约，我下周二跟进法务意见。', flags: [] },
  { text: '电话里赵经理说分公司也要上系统，一共3个分公司约60人，约了下周一视频会议详细沟通。', flags: [] },
  { text: '客户对接人小周说老板出差，新的演示时间定在12月8日上午10:00。', flags: [] },
  { text: '跟孙总吃饭聊了续费，他对客服响应慢有意见，我承诺本周安排技术支持上门处理。', flags: [] },
  { text: '发了案例资料给吴经理，他重点问了教育行业客户的实施周期，计划后天电话讲解案例。', flags: [] },
  { text: '参加客户内部评审会，决策人是运营副总，对数据看板满意，下一步提交正式投标文件。', flags: [] },
  // Valid because the form supplies the contact or the plan.
  {
    text: '对方认可我们的方案，但担心数据迁移风险，需要我们提供迁移计划和回滚方案。',
    flags: [],
    context: { contactName: '周建华', nextStep: '周三前发迁移计划', nextFollowUpAt: null },
  },
  {
    text: '确认了需求范围：客户管理、合同审批、回款提醒三个模块，共45个账号。',
    flags: [],
    context: { contactName: '何经理', nextFollowUpAt: new Date('2026-03-10T02:00:00Z') },
  },
  {
    text: '晓明说他们内部对比了三家供应商，我们价格排第二，服务口碑最好，下周出最终结果。',
    flags: [],
    context: { knownContactNames: ['郑晓明'] },
  },

  // Valid: the next step is the customer's own step we wait on, work we owe, later today, or tied to their event.
  { text: '报价单已发给马经理，等对方审批后回传', flags: [] },
  { text: '样品寄给了品管林工，待他们小试出结果', flags: [] },
  { text: '刘经理要我们出一份三个仓的实施方案', flags: [] },
  { text: '刘经理要我们提供资质文件和案例', flags: [] },
  { text: '张经理确认了PI金额，今天晚上发他邮箱', flags: [] },
  { text: '赵总确认了50台的单价，付款后安排发货', flags: [] },
  // Valid: where the contact is, commercial terms and after-sales facts are concrete.
  { text: '张总去深圳出差了，周四回来，约了周五上午视频会', flags: [] },
  { text: '陈总说功能都有，我明天申请下折扣再回他', flags: [] },
  { text: '周工反馈设备故障已修好，下周回访', flags: [] },
  // Look-alikes: waiting for a reply, owing nothing, already sent, or filler after the event.
  { text: '王经理说合同没问题，等回复', flags: ['FILLER', 'NO_NEXT_STEP'] },
  { text: '王总那边还在等，继续跟进', flags: ['FILLER', 'NO_NEXT_STEP'] },
  { text: '刘经理说不需要我们出方案了', flags: ['NO_NEXT_STEP'] },
  { text: '刘经理说需要我们继续跟进', flags: ['FILLER', 'NO_NEXT_STEP'] },
  { text: '张经理的报价今天发过去了', flags: ['NO_NEXT_STEP'] },
  { text: '赵总说付款后再说', flags: ['FILLER', 'NO_NEXT_STEP'] },
  { text: '王总出差，下周再联系', flags: ['FILLER'] },
  { text: '跟王总说了折扣，继续跟进', flags: ['FILLER', 'NO_NEXT_STEP'] },

  // Filler, alone or padded.
  { text: '继续跟进', flags: ['TOO_SHORT', 'FILLER', 'NO_CONTACT', 'NO_NEXT_STEP'] },
  { text: '暂无意向', flags: ['TOO_SHORT', 'FILLER', 'NO_CONTACT', 'NO_NEXT_STEP'] },
  { text: '保持互动', flags: ['TOO_SHORT', 'FILLER', 'NO_CONTACT', 'NO_NEXT_STEP'] },
  { text: '客户暂无意向，继续跟进。', flags: ['FILLER', 'NO_CONTACT', 'NO_NEXT_STEP'] },
  { text: '目前客户还是暂时没有意向，后续继续保持互动，持续跟进中。', flags: ['FILLER', 'NO_CONTACT', 'NO_NEXT_STEP'] },
  { text: '已联系，客户表示考虑一下，再联系。', flags: ['FILLER', 'NO_CONTACT', 'NO_NEXT_STEP'] },
  { text: '电话没人接，微信没回复，继续跟进', flags: ['FILLER', 'NO_CONTACT', 'NO_NEXT_STEP'] },
  { text: '客户在忙，有空再聊，保持联系。', flags: ['FILLER', 'NO_CONTACT', 'NO_NEXT_STEP'] },
  { text: '同上', flags: ['TOO_SHORT', 'FILLER', 'NO_CONTACT', 'NO_NEXT_STEP'] },
  { text: 'ok 继续跟进!!!', flags: ['TOO_SHORT', 'FILLER', 'NO_CONTACT', 'NO_NEXT_STEP'] },
  { text: '继续跟进，继续跟进，继续跟进，继续跟进。', flags: ['FILLER', 'PADDING', 'NO_CONTACT', 'NO_NEXT_STEP'] },
  { text: '正常沟通，维护客情，等客户回复。', flags: ['FILLER', 'NO_CONTACT', 'NO_NEXT_STEP'] },
  { text: '王总说考虑考虑，过几天再说。', flags: ['FILLER', 'NO_NEXT_STEP'] },
  { text: '和老板聊了一下，意向不大，再看看。', flags: ['FILLER', 'NO_NEXT_STEP'] },
  { text: '李经理还在考虑中，下周再联系', flags: ['FILLER'] },
  { text: '暂无意向', flags: ['TOO_SHORT', 'FILLER', 'NO_NEXT_STEP'], context: { contactName: '王总' } },
  { text: '客户暂无意向，继续跟进。', flags: ['FILLER'], context: { contactName: '王总', nextStep: '下周回访' } },
  { text: 'ＯＫ，继续跟进。', flags: ['TOO_SHORT', 'FILLER', 'NO_CONTACT', 'NO_NEXT_STEP'] },

  // Too short but not stock filler.
  { text: '报价已发', flags: ['TOO_SHORT', 'NO_DETAIL', 'NO_CONTACT', 'NO_NEXT_STEP'] },
  { text: '王总在外地', flags: ['TOO_SHORT', 'NO_DETAIL', 'NO_NEXT_STEP'] },

  // Real content, but nobody named.
  {
    text: '对方公司有50个销售，正在评估三家CRM，价格敏感，最关心移动端体验，下周二演示移动端。',
    flags: ['NO_CONTACT'],
  },
  { text: '客户官网改版后新增了招商加盟业务，估计年底会扩招销售团队，计划月初再约一次拜访。', flags: ['NO_CONTACT'] },

  // Real content and a contact, but no next step.
  {
    text: '王总介绍了公司情况：主营工业阀门，年营收约2亿，销售团队30人，目前没有任何CRM系统。',
    flags: ['NO_NEXT_STEP'],
  },
  { text: '财务张姐反馈上季度发票已全部收到，对我们的服务整体满意，对价格没有异议。', flags: ['NO_NEXT_STEP'] },
  // The next-step field holding filler is no plan at all.
  {
    text: '采购部王经理要了我们的资质文件，营业执照和ISO证书都已经通过邮件发给他了。',
    flags: ['NO_NEXT_STEP'],
    context: { nextStep: '继续跟进' },
  },

  // Copy-paste of the previous note.
  {
    text: '电话联系王总，对方确认今年有CRM采购计划，预算在20万左右，下周三上门做产品演示。',
    flags: ['REPEATED'],
    context: { previousContent: '电话联系王总，对方确认今年有CRM采购计划，预算在20万左右，下周三上门做产品演示。' },
  },
];

describe('follow-up quality', () => {
  it('covers at least 40 notes, valid and invalid', () => {
    expect(notes.length).toBeGreaterThanOrEqual(40);
    expect(notes.filter((n) => n.flags.length === 0).length).toBeGreaterThanOrEqual(15);
    expect(notes.filter((n) => n.flags.length > 0).length).toBeGreaterThanOrEqual(20);
  });

  it.each(notes)('when a rep writes "$text", then it is flagged for exactly $flags', ({ text, flags, context }) => {
    const verdict = followUpQuality(text, context);
    expect(verdict.reasons.map((r) => r.code).sort()).toEqual([...flags].sort());
    expect(verdict.valid).toBe(flags.length === 0);
    expect(verdict.score >= 60).toBe(verdict.valid);
    for (const reason of verdict.reasons) {
      expect(reason.message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});
