import { toastDone, tell } from '../../lib/notify';
import { api, errorMessage } from '../../lib/api';
import { debounce } from '../../lib/debounce';
import { saveForm } from '../../lib/form';
import { channelLabels } from '../../lib/labels';
import type { FollowUpAnswer, FollowUpCheckAnswer as FollowUpCheck } from '../../lib/api-types.generated';

// 写跟进: the quality verdict follows the typing (a debounced server check with the customer's context);
// an invalid note can still be saved, but it is marked and does not reset the drop clock — the form says so.

const CHECK_DELAY_MS = 400;
const channels = ['phone', 'wecom', 'visit', 'meeting', 'email', 'other'].map((key) => ({
  key,
  label: channelLabels[key] ?? key,
}));

/** The phone's date as YYYY-MM-DD (the picker's earliest day). */
function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const checkers = new WeakMap<object, ReturnType<typeof debounce>>();

Component({
  data: {
    customerId: '',
    name: '',
    content: '',
    contactName: '',
    nextStep: '',
    /** 下次跟进时间, a day (YYYY-MM-DD); the server reads it in the business time zone. */
    nextDate: '',
    today: '',
    channels: channels.map((c) => c.label),
    channelIndex: 0,
    verdict: null as FollowUpCheck | null,
    checking: false,
    checkError: '',
    saving: false,
  },
  lifetimes: {
    attached() {
      // One debounced checker per page instance; a pending check is dropped when the page goes away.
      checkers.set(
        this,
        debounce(() => {
          void this.runCheck();
        }, CHECK_DELAY_MS),
      );
    },
    detached() {
      checkers.get(this)?.cancel();
      checkers.delete(this);
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({
        customerId: query.customerId ?? '',
        name: decodeURIComponent(query.name ?? ''),
        today: localDay(new Date()),
      });
    },
    draft() {
      return {
        content: this.data.content,
        channel: channels[this.data.channelIndex]?.key ?? 'other',
        contactName: this.data.contactName.trim() || null,
        nextStep: this.data.nextStep.trim() || null,
        nextFollowUpDate: this.data.nextDate || null,
      };
    },
    schedule() {
      checkers.get(this)?.();
    },
    onContent(e: WechatMiniprogram.Input) {
      this.setData({ content: e.detail.value });
      this.schedule();
    },
    onContact(e: WechatMiniprogram.Input) {
      this.setData({ contactName: e.detail.value });
      this.schedule();
    },
    onNextStep(e: WechatMiniprogram.Input) {
      this.setData({ nextStep: e.detail.value });
      this.schedule();
    },
    onNextDate(e: WechatMiniprogram.PickerChange) {
      this.setData({ nextDate: String(e.detail.value) });
    },
    onClearNextDate() {
      this.setData({ nextDate: '' });
    },
    onChannel(e: WechatMiniprogram.PickerChange) {
      this.setData({ channelIndex: Number(e.detail.value) });
    },
    async runCheck() {
      if (!this.data.content.trim()) {
        this.setData({ verdict: null, checkError: '' });
        return;
      }
      this.setData({ checking: true });
      const sent = this.data.content;
      try {
        const verdict = await api<FollowUpCheck>('POST', '/api/follow-ups/check', {
          customerId: this.data.customerId,
          ...this.draft(),
        });
        // A slower answer for older text must not overwrite the verdict of what is typed now.
        if (sent === this.data.content) {
          this.setData({ verdict, checking: false, checkError: '' });
        }
      } catch (error) {
        this.setData({ checking: false, checkError: errorMessage(error) });
      }
    },
    async onSave() {
      if (!this.data.content.trim() || this.data.saving) {
        tell('请先写跟进内容');
        return;
      }
      await saveForm(
        this,
        () => api<FollowUpAnswer>('POST', `/api/customers/${this.data.customerId}/follow-ups`, this.draft()),
        async (saved) => {
          if (saved.counted) {
            toastDone('已保存');
          } else {
            await wx.showModal({
              title: '已保存',
              content: saved.followUp.valid
                ? '这条跟进有效，但你不是负责人，不会重置掉保时间。'
                : '这条跟进被标记为无效，不会重置掉保时间。请补充联系人、具体内容和下一步。',
              showCancel: false,
            });
          }
          void wx.navigateBack();
        },
      );
    },
  },
});
