import { toastDone, tell } from '../../lib/notify';
import { api, errorMessage, queryString } from '../../lib/api';
import { claimFeedback, claimSuccess } from '../../lib/claim-feedback';
import { dateTime } from '../../lib/format';
import { sourceLabels } from '../../lib/labels';
import type {
  ActionAnswer,
  MeAnswer,
  PoolFiltersAnswer,
  PoolPageAnswer as PoolPage,
  PoolUsageAnswer as PoolUsage,
} from '../../lib/api-types.generated';

type PoolItem = PoolPage['items'][number];

// 公海: search and filter the public pool, page through it, and claim with instant feedback.

const ALL = '全部';
interface DayRange {
  label: string;
  min?: number;
  max?: number;
}

const dayRanges: DayRange[] = [
  { label: '不限' },
  { label: '7 天内', max: 7 },
  { label: '7–30 天', min: 7, max: 30 },
  { label: '30 天以上', min: 30 },
];

function toRow(item: PoolItem) {
  return {
    ...item,
    sourceLabel: sourceLabels[item.source] ?? item.source,
    cooldownText: item.cooldownUntil ? `冷静期至 ${dateTime(item.cooldownUntil)}` : '',
    feedback: '',
    feedbackOk: false,
    claiming: false,
    /** Claimed by this rep just now. */
    claimed: false,
    /** No longer claimable here: claimed just now, or someone else has it. */
    taken: false,
  };
}
type Row = ReturnType<typeof toRow>;

Component({
  data: {
    q: '',
    industries: [ALL] as string[],
    regions: [ALL] as string[],
    sources: [ALL] as string[],
    sourceKeys: [''] as string[],
    grades: [ALL, 'A', 'B', 'C', 'D', '未分级'],
    days: dayRanges.map((d) => d.label),
    industryIndex: 0,
    regionIndex: 0,
    sourceIndex: 0,
    gradeIndex: 0,
    dayIndex: 0,
    items: [] as Row[],
    page: 1,
    hasMore: false,
    loading: false,
    error: '',
    pool: null as PoolUsage | null,
    releaseHint: false,
  },
  methods: {
    onPullDownRefresh() {
      void this.search(1).then(() => wx.stopPullDownRefresh());
    },
    onLoad() {
      void this.loadFilters();
      void this.search(1);
    },
    onShow() {
      // Capacity may have changed on another page (a release on 我的客户).
      api<MeAnswer>('GET', '/api/me').then(
        // At capacity every 认领 is disabled, so the way to make room is offered at once.
        (me) => this.setData({ pool: me.pool, releaseHint: me.pool.used >= me.pool.capacity }),
        () => undefined,
      );
    },
    onReachBottom() {
      void this.loadMore();
    },
    async loadFilters() {
      try {
        const f = await api<PoolFiltersAnswer>('GET', '/api/pool/filters');
        this.setData({
          industries: [ALL, ...f.industries],
          regions: [ALL, ...f.regions],
          sources: [ALL, ...f.sources.map((s) => sourceLabels[s] ?? s)],
          sourceKeys: ['', ...f.sources],
        });
      } catch {
        // The search still works without filter options.
      }
    },
    onQueryInput(e: WechatMiniprogram.Input) {
      this.setData({ q: e.detail.value });
    },
    onSearch() {
      void this.search(1);
    },
    onIndustry(e: WechatMiniprogram.PickerChange) {
      this.pick('industryIndex', e);
    },
    onRegion(e: WechatMiniprogram.PickerChange) {
      this.pick('regionIndex', e);
    },
    onSource(e: WechatMiniprogram.PickerChange) {
      this.pick('sourceIndex', e);
    },
    onGrade(e: WechatMiniprogram.PickerChange) {
      this.pick('gradeIndex', e);
    },
    onDays(e: WechatMiniprogram.PickerChange) {
      this.pick('dayIndex', e);
    },
    pick(
      key: 'industryIndex' | 'regionIndex' | 'sourceIndex' | 'gradeIndex' | 'dayIndex',
      e: WechatMiniprogram.PickerChange,
    ) {
      this.setData({ [key]: Number(e.detail.value) });
      void this.search(1);
    },
    query(page: number): string {
      const d = this.data;
      const grade = d.grades[d.gradeIndex];
      const range: DayRange = dayRanges[d.dayIndex] ?? { label: '' };
      return queryString({
        q: d.q.trim(),
        industry: d.industryIndex > 0 ? d.industries[d.industryIndex] : undefined,
        region: d.regionIndex > 0 ? d.regions[d.regionIndex] : undefined,
        source: d.sourceIndex > 0 ? d.sourceKeys[d.sourceIndex] : undefined,
        grade: d.gradeIndex === 0 ? undefined : grade === '未分级' ? 'none' : grade,
        minDaysInPool: range.min,
        maxDaysInPool: range.max,
        page,
      });
    },
    async search(page: number) {
      this.setData({ loading: true, error: '' });
      try {
        const result = await api<PoolPage>('GET', `/api/pool/customers${this.query(page)}`);
        const rows = result.items.map(toRow);
        this.setData({
          items: page === 1 ? rows : [...this.data.items, ...rows],
          page,
          hasMore: result.hasMore,
          loading: false,
        });
      } catch (error) {
        this.setData({ loading: false, error: errorMessage(error) });
      }
    },
    async loadMore() {
      if (this.data.hasMore && !this.data.loading) {
        await this.search(this.data.page + 1);
      }
    },
    async onClaim(e: WechatMiniprogram.TouchEvent) {
      const id = String(e.currentTarget.dataset.id);
      const index = this.data.items.findIndex((item) => item.id === id);
      if (index < 0 || this.data.items[index]?.claiming) {
        return;
      }
      this.setData({ [`items[${index}].claiming`]: true });
      let feedback = claimSuccess;
      try {
        const answer = await api<ActionAnswer>('POST', `/api/customers/${id}/claim`);
        this.setData({ pool: answer.pool });
      } catch (error) {
        feedback = claimFeedback(error);
      }
      this.setData({
        [`items[${index}].claiming`]: false,
        [`items[${index}].feedback`]: feedback.text,
        [`items[${index}].feedbackOk`]: feedback.ok,
        [`items[${index}].claimed`]: feedback.ok,
        [`items[${index}].taken`]: feedback.gone,
        releaseHint: feedback.offerRelease,
      });
      if (feedback.ok) {
        toastDone('已认领');
      } else {
        tell(feedback.text);
      }
    },
    onGoRelease() {
      void wx.switchTab({ url: '/pages/my/index' });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      void wx.navigateTo({ url: `/pages/customer/index?id=${String(e.currentTarget.dataset.id)}` });
    },
  },
});
