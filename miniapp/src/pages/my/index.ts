import { toastDone, tell } from '../../lib/notify';
import { api, errorMessage } from '../../lib/api';
import { date, dropText } from '../../lib/format';
import type {
  CustomerBookAnswer as CustomerBook,
  MeAnswer,
  PoolUsageAnswer as PoolUsage,
} from '../../lib/api-types.generated';

// 我的客户: capacity bar, private customers by drop date with countdowns (release from here), and the
// staked customers with their greening deadline.

interface PrivateRow {
  id: string;
  name: string;
  grade: string | null;
  locked: boolean;
  countdown: string;
  urgent: boolean;
}
interface StakedRow {
  id: string;
  name: string;
  completeness: number;
  greened: boolean;
  deadline: string;
  urgent: boolean;
}

Component({
  data: {
    loading: true,
    error: '',
    pool: null as PoolUsage | null,
    percent: 0,
    full: false,
    /** Every private customer; `customers` is what the search and grade filter leave. */
    allCustomers: [] as PrivateRow[],
    customers: [] as PrivateRow[],
    filter: '',
    gradeFilters: ['全部', 'A', 'B', 'C', 'D', '未分级'],
    gradeIndex: 0,
    isManager: false,
    staked: [] as StakedRow[],
    releasing: '',
  },
  methods: {
    onShow() {
      void this.load();
    },
    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },
    onFilter(e: WechatMiniprogram.Input) {
      this.setData({ filter: e.detail.value });
      this.applyFilter();
    },
    onGradeFilter(e: WechatMiniprogram.PickerChange) {
      this.setData({ gradeIndex: Number(e.detail.value) });
      this.applyFilter();
    },
    applyFilter() {
      const q = this.data.filter.trim().toLowerCase();
      const grade = this.data.gradeFilters[this.data.gradeIndex];
      const customers = this.data.allCustomers.filter(
        (c) =>
          (!q || c.name.toLowerCase().indexOf(q) >= 0) &&
          (grade === '全部' || (grade === '未分级' ? !c.grade : c.grade === grade)),
      );
      this.setData({ customers });
    },
    onOpenTeam() {
      void wx.navigateTo({ url: '/pages/team/index' });
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const [book, me] = await Promise.all([
          api<CustomerBook>('GET', '/api/my/customers'),
          api<MeAnswer>('GET', '/api/me'),
        ]);
        this.setData({
          isManager: me.role === 'manager' || me.role === 'ops' || me.role === 'admin',
          loading: false,
          pool: book.pool,
          percent: Math.min(100, Math.round((book.pool.used / Math.max(1, book.pool.capacity)) * 100)),
          full: book.pool.used >= book.pool.capacity,
          allCustomers: book.private.map((c) => ({
            id: c.id,
            name: c.name,
            grade: c.grade,
            locked: c.locked,
            countdown: c.locked ? '已锁定，不会掉保' : dropText(c.drop),
            urgent: c.drop !== null && c.drop.daysLeft <= 3,
          })),
          staked: book.staked.map((c) => ({
            id: c.id,
            name: c.name,
            completeness: c.completeness,
            greened: c.greened,
            deadline: c.greened
              ? '已绿化'
              : c.daysLeft === null
                ? ''
                : `${date(c.stakeDeadline)}前完成绿化（剩 ${c.daysLeft} 天）`,
            urgent: !c.greened && c.daysLeft !== null && c.daysLeft <= 3,
          })),
        });
        this.applyFilter();
      } catch (error) {
        this.setData({ loading: false, error: errorMessage(error) });
      }
    },
    async onRelease(e: WechatMiniprogram.TouchEvent) {
      const id = String(e.currentTarget.dataset.id);
      const name = this.data.customers.find((c) => c.id === id)?.name ?? '';
      const answer = await wx.showModal({
        title: '释放到公海',
        content: `确定释放“${name}”？资料和跟进记录会保留给下一位负责人，你在冷静期内不能再认领。`,
      });
      if (!answer.confirm) {
        return;
      }
      this.setData({ releasing: id });
      try {
        await api('POST', `/api/customers/${id}/release`, {});
        toastDone('已释放');
        await this.load();
      } catch (error) {
        tell(errorMessage(error));
      }
      this.setData({ releasing: '' });
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      void wx.navigateTo({ url: `/pages/customer/index?id=${String(e.currentTarget.dataset.id)}` });
    },
  },
});
