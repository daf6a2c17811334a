import { toastDone, tell } from '../../lib/notify';
import { api, errorMessage } from '../../lib/api';
import { loadCustomer } from '../../lib/customer-detail';
import type { ProfileAnswer } from '../../lib/api-types.generated';
import { formInput } from '../../lib/form';

// 完善资料: the profile fields behind the completeness score. Greening a staked customer means filling
// these in before the deadline; editing never resets the drop clock (only a valid follow-up does).

interface Form {
  industry: string;
  region: string;
  address: string;
  creditCode: string;
  boss: string;
  phone: string;
  scale: string;
  mainBusiness: string;
  budget: string;
}

const fieldNames: (keyof Form)[] = [
  'industry',
  'region',
  'address',
  'creditCode',
  'boss',
  'phone',
  'scale',
  'mainBusiness',
  'budget',
];

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

Component({
  data: {
    id: '',
    name: '',
    loading: true,
    saving: false,
    error: '',
    completeness: 0,
    missing: [] as string[],
    form: {
      industry: '',
      region: '',
      address: '',
      creditCode: '',
      boss: '',
      phone: '',
      scale: '',
      mainBusiness: '',
      budget: '',
    },
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
      const c = await loadCustomer(this, this.data.id);
      if (!c) return;
      const fields = c.profile.fields;
      this.setData({
        loading: false,
        name: c.name,
        completeness: c.completeness.score,
        missing: c.completeness.missing,
        form: {
          industry: c.profile.industry,
          region: c.profile.region,
          address: c.profile.address,
          creditCode: c.profile.creditCode,
          boss: c.profile.boss,
          phone: c.profile.phones[0] ?? '',
          scale: text(fields.scale),
          mainBusiness: text(fields.mainBusiness),
          budget: text(fields.budget),
        },
      });
    },
    onField: formInput(fieldNames),
    async onSave() {
      const f = this.data.form;
      const changes: Record<string, unknown> = {
        industry: f.industry.trim(),
        region: f.region.trim(),
        address: f.address.trim(),
        boss: f.boss.trim(),
        profile: { scale: f.scale.trim(), mainBusiness: f.mainBusiness.trim(), budget: f.budget.trim() },
      };
      if (f.creditCode.trim()) changes.creditCode = f.creditCode.trim();
      if (f.phone.trim() && !f.phone.includes('*')) changes.phones = [f.phone.trim()];
      this.setData({ saving: true });
      try {
        const saved = await api<ProfileAnswer>('POST', `/api/customers/${this.data.id}/profile`, changes);
        this.setData({ completeness: saved.completeness });
        toastDone(`完整度${saved.completeness}%`);
        void wx.navigateBack();
      } catch (error) {
        tell(errorMessage(error));
      }
      this.setData({ saving: false });
    },
  },
});
