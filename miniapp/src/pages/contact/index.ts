import { tell } from '../../lib/notify';
import { api } from '../../lib/api';
import { loadCustomerPart } from '../../lib/customer-detail';
import { contactRoleLabels } from '../../lib/labels';
import type { ContactAnswer } from '../../lib/api-types.generated';
import { doneAndBack, formInput, onPickIndex, onToggle, saveForm } from '../../lib/form';

// 联系人: add or edit a person at the customer — position, decision-chain role, phones, WeChat, e-mail and
// the key decision-maker (KP) flag, which counts toward completeness. Hand-entered contacts can be
// removed; WeCom contacts follow WeCom. Masked details (a customer nobody holds) are sent back only if retyped.

interface Form {
  name: string;
  position: string;
  phones: string;
  wechat: string;
  email: string;
}

const fieldNames: (keyof Form)[] = ['name', 'position', 'phones', 'wechat', 'email'];
const roles = ['', 'decider', 'influencer', 'user', 'gatekeeper', 'champion', 'other'];
const masked = (value: string) => value.includes('*');

Component({
  data: {
    customerId: '',
    contactId: '',
    customerName: '',
    loading: true,
    error: '',
    saving: false,
    masked: false,
    fromWecom: false,
    form: { name: '', position: '', phones: '', wechat: '', email: '' },
    original: { name: '', position: '', phones: '', wechat: '', email: '' },
    roleNames: roles.map((r) => (r ? (contactRoleLabels[r] ?? r) : '未设置')),
    roleIndex: 0,
    isKeyPerson: false,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const c = await loadCustomerPart(this, query, 'contactId');
      if (!c) return;
      const p = c.contacts.find((x) => x.id === this.data.contactId);
      if (this.data.contactId && !p) {
        this.setData({ loading: false, error: '找不到该联系人（可能已被删除）' });
        return;
      }
      const form = p
        ? { name: p.name, position: p.position, phones: p.phones.join(', '), wechat: p.wechat, email: p.email }
        : this.data.form;
      this.setData({
        loading: false,
        customerName: c.name,
        masked: c.contactsMasked,
        fromWecom: p?.fromWecom ?? false,
        form,
        original: form,
        roleIndex: Math.max(0, roles.indexOf(p?.role ?? '')),
        isKeyPerson: p?.isKeyPerson ?? false,
      });
    },
    onField: formInput(fieldNames),
    onPickIndex,
    onToggle,
    /** What to send: everything for a new contact; for an edit, what changed (masked values never). */
    body(): Record<string, unknown> {
      const f = this.data.form;
      const o = this.data.original;
      const editing = Boolean(this.data.contactId);
      const body: Record<string, unknown> = {
        isKeyPerson: this.data.isKeyPerson,
        role: roles[this.data.roleIndex] || null,
      };
      if (!editing || f.name.trim() !== o.name) body.name = f.name.trim();
      if (!editing || f.position.trim() !== o.position) body.position = f.position.trim();
      const changed = (key: 'phones' | 'wechat' | 'email') => (!editing || f[key].trim() !== o[key]) && !masked(f[key]);
      if (changed('phones'))
        body.phones = f.phones
          .split(/[,，、;；]+/)
          .map((s) => s.trim())
          .filter((s) => s !== '');
      if (changed('wechat')) body.wechat = f.wechat.trim();
      if (changed('email')) body.email = f.email.trim();
      return body;
    },
    async onSave() {
      if (!this.data.form.name.trim()) {
        tell('请填写联系人姓名');
        return;
      }
      const path = this.data.contactId
        ? `/api/contacts/${this.data.contactId}`
        : `/api/customers/${this.data.customerId}/contacts`;
      await saveForm(
        this,
        () => api<ContactAnswer>('POST', path, this.body()),
        (saved) => doneAndBack(saved.completeness.greened ? '已完成绿化' : `完整度${saved.completeness.score}%`),
      );
    },
    async onRemove() {
      const answer = await wx.showModal({
        title: '删除联系人',
        content: '删除后不再显示在客户页（记录会保留用于裁决）。',
      });
      if (!answer.confirm) return;
      await saveForm(
        this,
        () => api('POST', `/api/contacts/${this.data.contactId}/remove`, {}),
        () => doneAndBack('已删除'),
      );
    },
  },
});
