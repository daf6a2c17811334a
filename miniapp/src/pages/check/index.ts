import { toastDone, tell } from '../../lib/notify';
import { api, errorMessage } from '../../lib/api';
import type { ConflictCheckAnswer } from '../../lib/api-types.generated';
import { caseKinds, fileComplaint } from '../../lib/cases';
import { dropPhrase } from '../../lib/format';
import { matchKeysText, relationLabels, stateLabels } from '../../lib/labels';

// 查重: before creating or claiming, check by company name, phone or credit code whether the customer
// exists, who has it and until when (POST /api/conflicts/check, the conflict engine); from a match
// someone else holds, file a complaint (撞单申诉).

type ConflictMatch = ConflictCheckAnswer['matches'][number];

function toRow(m: ConflictMatch) {
  return {
    id: m.customerId,
    name: m.name,
    relationLabel: relationLabels[m.relation] ?? '关联主体',
    stateLabel: stateLabels[m.state] ?? (m.state === 'signed' ? '已成交' : m.state),
    holder: m.mine ? '在你名下' : m.owner ? `${m.owner.name}${m.owner.team ? `（${m.owner.team}）` : ''}` : '无人负责',
    protection: !m.protection
      ? ''
      : m.protection.locked
        ? '已锁定'
        : `已保护 ${m.protection.days ?? 0} 天${m.protection.dropsAt ? `，${dropPhrase(m.protection.dropsAt)}` : ''}`,
    matchedOn: matchKeysText(m.matchedOn),
    canComplain: !m.mine && m.owner !== null && (m.state === 'private' || m.state === 'staked'),
  };
}

type Row = ReturnType<typeof toRow>;

Component({
  data: {
    name: '',
    phone: '',
    creditCode: '',
    checking: false,
    checked: false,
    noneSame: false,
    error: '',
    rows: [] as Row[],
    kinds: caseKinds.map((k) => k.label),
    complaint: null as { customerId: string; name: string; kindIndex: number; reason: string; sending: boolean } | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const name = decodeURIComponent(query.name ?? '');
      if (query.complain) {
        this.setData({ complaint: { customerId: query.complain, name, kindIndex: 0, reason: '', sending: false } });
      }
      if (name) {
        this.setData({ name });
        void this.onCheck();
      }
    },
    onName(e: WechatMiniprogram.Input) {
      this.setData({ name: e.detail.value });
    },
    onPhone(e: WechatMiniprogram.Input) {
      this.setData({ phone: e.detail.value });
    },
    onCreditCode(e: WechatMiniprogram.Input) {
      this.setData({ creditCode: e.detail.value });
    },
    async onCheck() {
      const body: Record<string, string> = {};
      if (this.data.name.trim()) body.name = this.data.name.trim();
      if (this.data.phone.trim()) body.phones = this.data.phone.trim();
      if (this.data.creditCode.trim()) body.creditCode = this.data.creditCode.trim();
      if (Object.keys(body).length === 0) {
        tell('请输入公司名、电话或信用代码');
        return;
      }
      this.setData({ checking: true, error: '' });
      try {
        const answer = await api<ConflictCheckAnswer>('POST', '/api/conflicts/check', body);
        this.setData({
          checking: false,
          checked: true,
          rows: answer.matches.map(toRow),
          // Only related companies (same boss, sister company): this one is not in the CRM yet.
          noneSame: answer.matches.every((m) => m.relation !== 'same'),
        });
      } catch (error) {
        this.setData({ checking: false, error: errorMessage(error) });
      }
    },
    onCreate() {
      // What was checked is filled in on the create page (the server checks again before it creates).
      const given = {
        name: this.data.name.trim(),
        phone: this.data.phone.trim(),
        creditCode: this.data.creditCode.trim(),
      };
      const query = Object.entries(given)
        .filter(([, v]) => v)
        .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
        .join('&');
      void wx.navigateTo({ url: `/pages/create/index${query ? `?${query}` : ''}` });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      void wx.navigateTo({ url: `/pages/customer/index?id=${String(e.currentTarget.dataset.id)}` });
    },
    onComplain(e: WechatMiniprogram.TouchEvent) {
      const row = this.data.rows.find((r) => r.id === String(e.currentTarget.dataset.id));
      if (row) {
        this.setData({ complaint: { customerId: row.id, name: row.name, kindIndex: 0, reason: '', sending: false } });
      }
    },
    onKind(e: WechatMiniprogram.PickerChange) {
      this.setData({ 'complaint.kindIndex': Number(e.detail.value) });
    },
    onReason(e: WechatMiniprogram.Input) {
      this.setData({ 'complaint.reason': e.detail.value });
    },
    onCancelComplaint() {
      this.setData({ complaint: null });
    },
    async onSubmitComplaint() {
      const c = this.data.complaint;
      if (!c || c.sending) {
        return;
      }
      this.setData({ 'complaint.sending': true });
      try {
        await fileComplaint(c.customerId, caseKinds[c.kindIndex]?.key ?? 'duplicate', c.reason.trim());
        this.setData({ complaint: null });
        toastDone('申诉已提交');
      } catch (error) {
        this.setData({ 'complaint.sending': false });
        tell(errorMessage(error));
      }
    },
  },
});
