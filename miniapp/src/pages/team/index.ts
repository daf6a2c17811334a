import { ApiError, api, errorMessage } from '../../lib/api';
import { dateTime, dropText } from '../../lib/format';
import type { CustomerBook, TeamReview } from '../../lib/types';

// 团队: the evening review (理单) of the manager's teams — per rep today's figures with a drill-down,
// and the customers that drop by the end of tomorrow. Reps are told the page is for managers.

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
    dropping: [] as { id: string; name: string; ownerName: string; when: string }[],
    drill: null as Drill | null,
  },
  methods: {
    onShow() {
      void this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const review = await api<TeamReview>('GET', '/api/team/review');
        this.setData({
          loading: false, forbidden: false, review,
          dropping: review.droppingTomorrow.map((c) => ({ id: c.id, name: c.name, ownerName: c.ownerName, when: dateTime(c.at) })),
        });
      } catch (error) {
        const forbidden = error instanceof ApiError && error.code === 'FORBIDDEN';
        this.setData({ loading: false, forbidden, error: forbidden ? '' : errorMessage(error) });
      }
    },
    async onRep(e: WechatMiniprogram.TouchEvent) {
      const repId = String(e.currentTarget.dataset.id);
      if (this.data.drill?.repId === repId) {
        this.setData({ drill: null });
        return;
      }
      try {
        const book = await api<CustomerBook & { todaysFollowUps: Drill['notes'] }>('GET', `/api/team/reps/${repId}`);
        this.setData({
          drill: {
            repId,
            customers: book.private.map((c) => ({ id: c.id, name: c.name, countdown: c.locked ? '已锁定' : dropText(c.drop) })),
            notes: book.todaysFollowUps.map((n) => ({ id: n.id, content: n.content, valid: n.valid, reasons: n.reasons })),
          },
        });
      } catch (error) {
        void wx.showToast({ title: errorMessage(error), icon: 'none' });
      }
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      void wx.navigateTo({ url: `/pages/customer/index?id=${String(e.currentTarget.dataset.id)}` });
    },
  },
});
