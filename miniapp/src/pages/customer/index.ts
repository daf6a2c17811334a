import { toastDone, tell } from '../../lib/notify';
import { ApiError, api, errorMessage } from '../../lib/api';
import { claimFeedback, claimSuccess } from '../../lib/claim-feedback';
import { dateTime, dropText } from '../../lib/format';
import { actionLabels, channelLabels, gradeLabels, sourceLabels, stageLabels, stateLabels } from '../../lib/labels';
import type { CustomerDetailAnswer as CustomerDetail } from '../../lib/api-types.generated';
import { pickAndReassign, reassignTargets, type ReassignTarget } from '../../lib/reassign';

// 客户详情: profile and completeness, contacts (masked unless owner or manager), the follow-up timeline,
// grade and stage history, the ledger; actions: follow up, change grade or stage, release, claim, complain.

const gradeOptions = Object.keys(gradeLabels);
const stageOptions = Object.keys(stageLabels);
/** Reasons a manager locks (or a rep asks to lock) a customer: kept in the ledger. */
const lockReasons = ['重点客户，商务推进中', '合同审批中，即将签约', '大客户长期跟进', '续约/增购洽谈中'];

interface Refused {
  name: string;
  ownerName: string;
  message: string;
}

/** Characters of a follow-up note shown before 展开全文. */
const NOTE_PREVIEW = 120;

Component({
  data: {
    id: '',
    loading: true,
    error: '',
    refused: null as Refused | null,
    c: null as CustomerDetail | null,
    stateLabel: '',
    stageLabel: '',
    sourceLabel: '',
    dropLabel: '',
    cooldownLabel: '',
    followUps: [] as (CustomerDetail['followUps'][number] & {
      when: string;
      channelLabel: string;
      long: boolean;
      preview: string;
      expanded: boolean;
    })[],
    gradeHistory: [] as { text: string }[],
    stageHistory: [] as { text: string }[],
    ledger: [] as { text: string }[],
    busy: false,
    targets: [] as ReassignTarget[],
  },
  methods: {
    onToggleNote(e: WechatMiniprogram.TouchEvent) {
      const index = this.data.followUps.findIndex((f) => f.id === String(e.currentTarget.dataset.id));
      if (index >= 0) {
        this.setData({ [`followUps[${index}].expanded`]: !this.data.followUps[index]!.expanded });
      }
    },
    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' });
    },
    onShow() {
      void this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const c = await api<CustomerDetail>('GET', `/api/customers/${this.data.id}`);
        void reassignTargets(this.data.id).then((targets) => this.setData({ targets }));
        this.setData({
          loading: false,
          refused: null,
          c,
          stateLabel: stateLabels[c.state] ?? c.state,
          stageLabel: stageLabels[c.stage] ?? c.stage,
          sourceLabel: sourceLabels[c.profile.source] ?? c.profile.source,
          cooldownLabel: c.cooldownUntil ? `冷静期至 ${dateTime(c.cooldownUntil)}，之后才能再认领` : '',
          dropLabel: c.state === 'private' ? (c.locked ? '已锁定，不会掉保' : dropText(c.drop)) : '',
          followUps: c.followUps.map((f) => ({
            ...f,
            when: dateTime(f.at),
            channelLabel: channelLabels[f.channel] ?? f.channel,
            // A long note is shown collapsed, so one record does not fill the page.
            long: f.content.length > NOTE_PREVIEW,
            preview: `${f.content.slice(0, NOTE_PREVIEW)}…`,
            expanded: false,
          })),
          gradeHistory: c.gradeHistory.map((h) => ({
            text: `${dateTime(h.at)} ${h.by} ${h.from ?? '未分级'} → ${h.to ?? '未分级'}${h.reason ? `（${h.reason}）` : ''}`,
          })),
          stageHistory: c.stageHistory.map((h) => ({
            text: `${dateTime(h.at)} ${h.by} ${stageLabels[h.from ?? ''] ?? '—'} → ${stageLabels[h.to ?? ''] ?? '—'}`,
          })),
          ledger: c.ledger.map((l) => ({
            text: `${dateTime(l.at)} ${l.actor || '系统'} ${actionLabels[l.action] ?? l.action}${l.reason ? `：${l.reason}` : ''}`,
          })),
        });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'NOT_OWNER') {
          // Another rep's customer: the server names nobody (the conflict check does); offer a complaint instead.
          const { name, ownerName } = error.details;
          this.setData({
            loading: false,
            c: null,
            refused: {
              name: typeof name === 'string' ? name : '',
              ownerName: typeof ownerName === 'string' ? ownerName : '',
              message: error.message,
            },
          });
          return;
        }
        this.setData({ loading: false, error: errorMessage(error) });
      }
    },
    async act(path: string, body: Record<string, unknown>, done: string) {
      this.setData({ busy: true });
      try {
        await api('POST', `/api/customers/${this.data.id}/${path}`, body);
        toastDone(done);
        await this.load();
      } catch (error) {
        tell(errorMessage(error));
      }
      this.setData({ busy: false });
    },
    onFollowUp() {
      void wx.navigateTo({
        url: `/pages/follow-up/index?customerId=${this.data.id}&name=${encodeURIComponent(this.data.c?.name ?? '')}`,
      });
    },
    onEditProfile() {
      void wx.navigateTo({ url: `/pages/profile/index?id=${this.data.id}` });
    },
    async onGrade() {
      const { tapIndex } = await wx.showActionSheet({ itemList: gradeOptions.map((g) => gradeLabels[g] ?? g) });
      await this.act('grade', { grade: gradeOptions[tapIndex] }, '等级已更新');
    },
    async onStage() {
      const { tapIndex } = await wx.showActionSheet({ itemList: stageOptions.map((s) => stageLabels[s] ?? s) });
      await this.act('stage', { stage: stageOptions[tapIndex] }, '阶段已更新');
    },
    async onRelease() {
      const answer = await wx.showModal({
        title: '释放到公海',
        content: '资料和跟进记录会保留给下一位负责人；释放后冷静期内你不能再认领。',
      });
      if (answer.confirm) {
        await this.act('release', {}, '已释放到公海');
      }
    },
    async onClaim() {
      this.setData({ busy: true });
      let feedback = claimSuccess;
      try {
        await api('POST', `/api/customers/${this.data.id}/claim`, {});
      } catch (error) {
        feedback = claimFeedback(error);
      }
      if (feedback.ok) {
        toastDone('已认领');
      } else {
        tell(feedback.text);
      }
      this.setData({ busy: false });
      await this.load();
    },
    async onLock() {
      const { tapIndex } = await wx.showActionSheet({ itemList: lockReasons });
      await this.act('lock', { reason: lockReasons[tapIndex] }, '已锁定，不会掉保');
    },
    async onUnlock() {
      const answer = await wx.showModal({
        title: '解除锁定',
        content: '解锁后掉保规则重新生效，负责人会先收到掉保预警。',
      });
      if (answer.confirm) {
        await this.act('unlock', { reason: '主管解除锁定' }, '已解锁');
      }
    },
    async onRequestLock() {
      const { tapIndex } = await wx.showActionSheet({ itemList: lockReasons });
      await this.act('lock-request', { reason: lockReasons[tapIndex] }, '已提交主管');
    },
    async onReassign() {
      if (await pickAndReassign(this.data.id, this.data.targets)) await this.load();
    },
    async onStake() {
      await this.act('stake', {}, '已占坑');
    },
    onComplain() {
      const name = this.data.c?.name ?? this.data.refused?.name ?? '';
      void wx.navigateTo({ url: `/pages/check/index?name=${encodeURIComponent(name)}&complain=${this.data.id}` });
    },
  },
});
