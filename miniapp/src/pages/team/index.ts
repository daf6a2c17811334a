import { toastDone, tell } from '../../lib/notify';
import { ApiError, api, errorMessage } from '../../lib/api';
import { dateTime, dropText } from '../../lib/format';
import { caseDetail, caseRow, openCases, ruleCase, type CaseRow } from '../../lib/cases';
import type { MeAnswer, RepDrillDownAnswer, TeamReviewAnswer as TeamReview } from '../../lib/api-types.generated';

const yuan = (amount: number) => (amount >= 10000 ? `${(amount / 10000).toFixed(1)} 万元` : `${Math.round(amount)} 元`);

// 团队: the evening review (理单) of the manager's teams — per rep today's figures with a drill-down,
// the customers that drop by the end of tomorrow, and open conflict complaints, which sales ops rule on
// here with the criteria the server computes. Reps are told the page is for managers.

interface SelectedCase {
  id: string;
  suggestion: string;
  reasons: string[];
  sides: string[];
}

interface Drill {
  repId: string;
  customers: { id: string; name: string; countdown: string }[];
  notes: { id: string; content: string; valid: boolean; reasons: string[] }[];
}

Component({
  data: {
    loading: true,
    error: '',
    forbidden: false,
    review: null as TeamReview | null,
    summary: [] as string[],
    alarm: '',
    reps: [] as { id: string; name: string; lines: string[]; urgent: string }[],
    teams: [] as { id: number; name: string; line: string }[],
    dropping: [] as { id: string; name: string; ownerName: string; when: string }[],
    drill: null as Drill | null,
    canRule: false,
    cases: [] as CaseRow[],
    selected: null as SelectedCase | null,
    ruling: false,
  },
  methods: {
    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },
    onShow() {
      void this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const review = await api<TeamReview>('GET', '/api/team/review');
        const t = review.team;
        this.setData({
          loading: false,
          forbidden: false,
          review,
          summary: t
            ? [
                `今日跟进 ${t.totals.followUps}（有效 ${t.totals.valid}，套话 ${t.totals.filler}）`,
                `A 类客户 ${t.totals.aClass}（今日新增 ${t.totals.newAClass}）· 新线索 ${t.totals.newLeads}`,
                `认领 ${t.totals.claims} · 释放 ${t.totals.releases} · 掉保 ${t.totals.drops} · 撞单 ${t.totals.conflicts}`,
                `库容 ${t.totals.capacityUsed}/${t.totals.capacityLimit} · 下月预测 ${yuan(t.forecast.nextMonth.expected)} · 下季度 ${yuan(t.forecast.nextQuarter.expected)}`,
              ]
            : [],
          alarm: t?.alarm.noNewAClass ? `已连续 ${t.alarm.days} 天没有新增 A 类客户` : '',
          reps: review.reps.map((r) => ({
            id: r.employeeId,
            name: r.name,
            lines: [
              `跟进 ${r.followUps.total}（有效 ${r.followUps.valid}，套话 ${r.followUps.filler}）· A 类 ${r.aClass.length}`,
              `认领 ${r.claims} · 释放 ${r.releases} · 掉保 ${r.drops} · 库容 ${r.capacity.used}/${r.capacity.limit}`,
            ],
            urgent: r.droppingTomorrow.length
              ? `明天掉保 ${r.droppingTomorrow.length} 个：${r.droppingTomorrow
                  .slice(0, 3)
                  .map((c) => c.name)
                  .join('、')}`
              : '',
          })),
          teams: review.teams.map((row) => ({
            id: row.departmentId,
            name: row.name,
            line: `跟进 ${row.review.totals.followUps}（有效 ${row.review.totals.valid}）· A 类 ${row.review.totals.aClass} · 明天掉保 ${row.review.totals.droppingTomorrow}`,
          })),
          dropping: review.droppingTomorrow.map((c) => ({
            id: c.id,
            name: c.name,
            ownerName: c.ownerName,
            when: dateTime(c.at),
          })),
        });
        await this.loadCases();
      } catch (error) {
        const forbidden = error instanceof ApiError && error.code === 'FORBIDDEN';
        this.setData({ loading: false, forbidden, error: forbidden ? '' : errorMessage(error) });
      }
    },
    async loadCases() {
      try {
        const [me, cases] = await Promise.all([api<MeAnswer>('GET', '/api/me'), openCases()]);
        this.setData({ canRule: me.role === 'ops' || me.role === 'admin', cases: cases.map(caseRow) });
      } catch (error) {
        tell(errorMessage(error));
      }
    },
    async onCase(e: WechatMiniprogram.TouchEvent) {
      const id = String(e.currentTarget.dataset.id);
      try {
        const c = await caseDetail(id);
        const a = c.assessment;
        const side = (label: string, s: NonNullable<typeof a>['complainant']) =>
          `${label} ${s.name}：有效跟进 ${s.validFollowUps} 条，无效 ${s.invalidFollowUps} 条，${s.realContact ? '真实对接' : '未见真实对接'}，${s.kpReached ? '已触达 KP' : '未触达 KP'}`;
        this.setData({
          selected: {
            id,
            suggestion: a
              ? `建议判给${a.suggestion.decision === 'complainant' ? `申诉人 ${c.complainant.name}` : `原负责人 ${c.respondent.name}`}（${a.businessLine === 'KA' ? 'KA 看推进' : 'SMB 看先对接'}）`
              : '',
            reasons: a?.suggestion.reasons ?? [],
            sides: a ? [side('申诉人', a.complainant), side('原负责人', a.respondent)] : [],
          },
        });
      } catch (error) {
        tell(errorMessage(error));
      }
    },
    async onRule(e: WechatMiniprogram.TouchEvent) {
      const selected = this.data.selected;
      const decision = e.currentTarget.dataset.decision === 'complainant' ? 'complainant' : 'respondent';
      if (!selected || this.data.ruling) {
        return;
      }
      const answer = await wx.showModal({
        title: '确认裁决',
        content:
          decision === 'complainant'
            ? '判给申诉人：客户将转给申诉人，双方都会收到通知。'
            : '维持原负责人：客户保持不变，双方都会收到通知。',
      });
      if (!answer.confirm) {
        return;
      }
      this.setData({ ruling: true });
      try {
        await ruleCase(selected.id, decision, '');
        toastDone('已裁决');
        this.setData({ selected: null });
        await this.loadCases();
      } catch (error) {
        tell(errorMessage(error));
      }
      this.setData({ ruling: false });
    },
    async onRep(e: WechatMiniprogram.TouchEvent) {
      const repId = String(e.currentTarget.dataset.id);
      if (this.data.drill?.repId === repId) {
        this.setData({ drill: null });
        return;
      }
      try {
        const book = await api<RepDrillDownAnswer>('GET', `/api/team/reps/${repId}`);
        this.setData({
          drill: {
            repId,
            customers: book.private.map((c) => ({
              id: c.id,
              name: c.name,
              countdown: c.locked ? '已锁定' : dropText(c.drop),
            })),
            notes: book.todaysFollowUps.map((n) => ({
              id: n.id,
              content: n.content,
              valid: n.valid,
              reasons: n.reasons,
            })),
          },
        });
      } catch (error) {
        tell(errorMessage(error));
      }
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      void wx.navigateTo({ url: `/pages/customer/index?id=${String(e.currentTarget.dataset.id)}` });
    },
  },
});
