import { api, errorMessage } from '../../lib/api';
import { dateTime, stateLabels } from '../../lib/format';

// 查重: before creating or claiming, check by company name, phone or credit code whether the customer
// exists, who has it and until when (POST /api/conflicts/check, the conflict engine).

interface ConflictMatch {
  customerId: string;
  name: string;
  relation: 'same' | 'related';
  state: string;
  owner: { id: string; name: string; team: string } | null;
  matchedOn: string[];
  score: number;
  mine: boolean;
  protection: { days: number | null; dropsAt: string | null; locked: boolean } | null;
}

const keyLabels: Record<string, string> = {
  name: '名称', coreName: '品牌', creditCode: '信用代码', phone: '电话', emailDomain: '邮箱域名', externalUserId: '企微联系人',
  unionId: '微信', boss: '老板/法人',
};

interface Row { id: string; name: string; relationLabel: string; stateLabel: string; holder: string; protection: string; matchedOn: string }

Component({
  data: {
    name: '',
    phone: '',
    creditCode: '',
    checking: false,
    checked: false,
    error: '',
    rows: [] as Row[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.name) {
        this.setData({ name: decodeURIComponent(query.name) });
        void this.onCheck();
      }
    },
    onName(e: WechatMiniprogram.Input) { this.setData({ name: e.detail.value }); },
    onPhone(e: WechatMiniprogram.Input) { this.setData({ phone: e.detail.value }); },
    onCreditCode(e: WechatMiniprogram.Input) { this.setData({ creditCode: e.detail.value }); },
    async onCheck() {
      const body: Record<string, string> = {};
      if (this.data.name.trim()) body.name = this.data.name.trim();
      if (this.data.phone.trim()) body.phone = this.data.phone.trim();
      if (this.data.creditCode.trim()) body.creditCode = this.data.creditCode.trim();
      if (Object.keys(body).length === 0) {
        void wx.showToast({ title: '请输入公司名称、电话或信用代码', icon: 'none' });
        return;
      }
      this.setData({ checking: true, error: '' });
      try {
        const answer = await api<{ matches: ConflictMatch[] }>('POST', '/api/conflicts/check', body);
        this.setData({
          checking: false,
          checked: true,
          rows: answer.matches.map((m) => ({
            id: m.customerId,
            name: m.name,
            relationLabel: m.relation === 'same' ? '同一客户' : '关联主体',
            stateLabel: stateLabels[m.state] ?? (m.state === 'signed' ? '已成交' : m.state),
            holder: m.mine ? '在你名下' : m.owner ? `${m.owner.name}${m.owner.team ? `（${m.owner.team}）` : ''}` : '无人负责',
            protection: !m.protection ? '' : m.protection.locked ? '已锁定'
              : `已保护 ${m.protection.days ?? 0} 天${m.protection.dropsAt ? `，${dateTime(m.protection.dropsAt)} 掉保` : ''}`,
            matchedOn: m.matchedOn.map((k) => keyLabels[k] ?? k).join('、'),
          })),
        });
      } catch (error) {
        this.setData({ checking: false, error: errorMessage(error) });
      }
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      void wx.navigateTo({ url: `/pages/customer/index?id=${String(e.currentTarget.dataset.id)}` });
    },
  },
});
