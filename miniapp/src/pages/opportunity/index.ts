import { tell } from '../../lib/notify';
import { api } from '../../lib/api';
import { loadCustomerPart } from '../../lib/customer-detail';
import { opportunityStageLabels } from '../../lib/labels';
import { doneAndBack, formInput, onPickDate, onPickIndex, saveForm } from '../../lib/form';

// 商机: open or edit a deal — amount, expected close date, stage (shown with the company's win rate),
// products, next step — and close it: 赢单 with the contract amount and signing date makes the customer
// signed (成交); 输单 needs a reason.

interface Form {
  name: string;
  amount: string;
  expectedCloseOn: string;
  products: string;
  nextStep: string;
  contractAmount: string;
  signedOn: string;
  lostReason: string;
}

const fieldNames: (keyof Form)[] = ['name', 'amount', 'products', 'nextStep', 'contractAmount', 'lostReason'];
const percent = (rate: number) => `${Math.round(rate * 100)}%`;

Component({
  data: {
    customerId: '',
    dealId: '',
    customerName: '',
    loading: true,
    error: '',
    saving: false,
    closed: false,
    closedLabel: '',
    stages: [] as string[],
    stageNames: [] as string[],
    stageIndex: 0,
    form: {
      ...{ name: '', amount: '', expectedCloseOn: '', products: '', nextStep: '' },
      ...{ contractAmount: '', signedOn: '', lostReason: '' },
    },
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const c = await loadCustomerPart(this, query, 'dealId');
      if (!c) return;
      const deal = c.opportunities.find((o) => o.id === this.data.dealId);
      const stages = c.opportunityStages.map((s) => s.stage);
      this.setData({
        loading: false,
        customerName: c.name,
        stages,
        stageNames: c.opportunityStages.map(
          (s) => `${opportunityStageLabels[s.stage] ?? s.stage}（${percent(s.winRate)}）`,
        ),
        stageIndex: Math.max(0, (stages as string[]).indexOf(deal?.stage ?? '')),
        closed: deal ? deal.stage === 'won' || deal.stage === 'lost' : false,
        closedLabel: deal ? (opportunityStageLabels[deal.stage] ?? '') : '',
        form: {
          ...this.data.form,
          name: deal?.name ?? '',
          amount: deal ? String(deal.amount) : '',
          expectedCloseOn: deal?.expectedCloseOn ?? '',
          products: deal?.products.join('，') ?? '',
          nextStep: deal?.nextStep ?? '',
          contractAmount: deal ? String(deal.amount) : '',
        },
      });
    },
    onField: formInput(fieldNames),
    onPickDate,
    onPickIndex,
    async send(path: string, body: Record<string, unknown>, done: string) {
      await saveForm(
        this,
        () => api('POST', path, body),
        () => doneAndBack(done),
      );
    },
    async onSave() {
      const f = this.data.form;
      const amount = Number(f.amount);
      if (!f.name.trim() || !f.amount.trim() || !Number.isFinite(amount)) {
        tell('请填写商机名称和金额');
        return;
      }
      const body: Record<string, unknown> = {
        name: f.name.trim(),
        amount,
        stage: this.data.stages[this.data.stageIndex],
        products: f.products
          .split(/[,，、;；]+/)
          .map((s) => s.trim())
          .filter((s) => s !== ''),
        nextStep: f.nextStep.trim(),
      };
      if (f.expectedCloseOn) body.expectedCloseOn = f.expectedCloseOn;
      const path = this.data.dealId
        ? `/api/opportunities/${this.data.dealId}`
        : `/api/customers/${this.data.customerId}/opportunities`;
      await this.send(path, body, this.data.dealId ? '已保存' : '已新建');
    },
    async onWon() {
      const f = this.data.form;
      if (!f.contractAmount.trim() || !f.signedOn) {
        tell('请填写合同金额和签约日期');
        return;
      }
      await this.send(
        `/api/opportunities/${this.data.dealId}/won`,
        { amount: Number(f.contractAmount), signedOn: f.signedOn },
        '已赢单',
      );
    },
    async onLost() {
      if (!this.data.form.lostReason.trim()) {
        tell('请写明输单原因');
        return;
      }
      await this.send(
        `/api/opportunities/${this.data.dealId}/lost`,
        { reason: this.data.form.lostReason.trim() },
        '已输单',
      );
    },
  },
});
