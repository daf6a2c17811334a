import { toastDone, tell } from '../../lib/notify';
import { ApiError, api } from '../../lib/api';
import type { ActionAnswer } from '../../lib/api-types.generated';
import { claimFeedback } from '../../lib/claim-feedback';
import { onPickIndex, onToggle, saveForm } from '../../lib/form';
import { sourceLabels } from '../../lib/labels';

// 录入客户: a company the rep found goes into their private pool (or is staked). Opened from 查重's empty
// result with what was checked filled in, or from 我的客户. The server runs the conflict check first; a
// company already in the CRM is shown with the way forward: claim it from the pool, or complain.

interface Form {
  name: string;
  creditCode: string;
  phone: string;
  boss: string;
  industry: string;
  region: string;
}

const fieldNames: (keyof Form)[] = ['name', 'creditCode', 'phone', 'boss', 'industry', 'region'];
const sources = ['manual', 'referral', 'event', 'website', 'inbound', 'other'];

interface Duplicate {
  customerId: string;
  name: string;
  message: string;
  canClaim: boolean;
  canComplain: boolean;
}

function duplicateOf(error: ApiError): Duplicate {
  const actions = Array.isArray(error.details.actions) ? (error.details.actions as string[]) : [];
  return {
    customerId: typeof error.details.customerId === 'string' ? error.details.customerId : '',
    name: typeof error.details.name === 'string' ? error.details.name : '',
    message: error.message,
    canClaim: actions.includes('claim'),
    canComplain: actions.includes('complaint'),
  };
}

Component({
  data: {
    form: { name: '', creditCode: '', phone: '', boss: '', industry: '', region: '' },
    sourceNames: sources.map((s) => sourceLabels[s] ?? s),
    sourceIndex: 0,
    stake: false,
    saving: false,
    duplicate: null as Duplicate | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const given = (key: string) => decodeURIComponent(query[key] ?? '');
      this.setData({
        form: { ...this.data.form, name: given('name'), phone: given('phone'), creditCode: given('creditCode') },
      });
    },
    onField(e: WechatMiniprogram.Input) {
      const field = String(e.currentTarget.dataset.field) as keyof Form;
      if (fieldNames.includes(field)) {
        this.setData({ [`form.${field}`]: e.detail.value, duplicate: null });
      }
    },
    onPickIndex,
    onToggle,
    body(): Record<string, unknown> {
      const f = this.data.form;
      const body: Record<string, unknown> = { name: f.name.trim(), source: sources[this.data.sourceIndex] };
      if (f.creditCode.trim()) body.creditCode = f.creditCode.trim();
      if (f.phone.trim()) body.phones = [f.phone.trim()];
      if (f.boss.trim()) body.boss = f.boss.trim();
      if (f.industry.trim()) body.industry = f.industry.trim();
      if (f.region.trim()) body.region = f.region.trim();
      if (this.data.stake) body.stake = true;
      return body;
    },
    async onSave() {
      if (!this.data.form.name.trim()) {
        tell('请填写公司全称');
        return;
      }
      this.setData({ duplicate: null });
      await saveForm(
        this,
        () => api<ActionAnswer>('POST', '/api/customers', this.body()),
        (created) => {
          toastDone(this.data.stake ? '已占坑' : '已录入');
          void wx.redirectTo({ url: `/pages/customer/index?id=${created.customer.id}` });
        },
        // A company already in the CRM is shown with the way forward.
        (error) => {
          const duplicate = error instanceof ApiError && error.code === 'DUPLICATE_CUSTOMER';
          if (duplicate) this.setData({ duplicate: duplicateOf(error) });
          return duplicate;
        },
      );
    },
    async onClaimExisting() {
      const d = this.data.duplicate;
      if (!d) return;
      try {
        await api('POST', `/api/customers/${d.customerId}/claim`, {});
        toastDone('已认领');
        void wx.redirectTo({ url: `/pages/customer/index?id=${d.customerId}` });
      } catch (error) {
        tell(claimFeedback(error).text);
      }
    },
    onComplainExisting() {
      const d = this.data.duplicate;
      if (d) {
        void wx.navigateTo({ url: `/pages/check/index?name=${encodeURIComponent(d.name)}&complain=${d.customerId}` });
      }
    },
    onOpenExisting() {
      const d = this.data.duplicate;
      if (d) {
        void wx.navigateTo({ url: `/pages/customer/index?id=${d.customerId}` });
      }
    },
  },
});
