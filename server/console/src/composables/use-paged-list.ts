import { ref, watch, type Ref } from 'vue';
import { latestAnswer } from './latest-answer.js';

// A table paged on the server: the filters (with page and pageSize) are the query; turning a page or
// changing its size loads at once, a new search starts again on page 1. Lists paged by keyset (the 客户
// list) answer the cursor of the page that follows (`next`, after the page's last row): the cursor of each
// page seen is kept, and a page is read from the nearest one before it, so paging on never recounts from
// the top. Lists without cursors get none.

export interface PagedFilters {
  page: number;
  pageSize: number;
}

/** Where to read a page from: after the last row of page `from - 1`. */
export interface PageCursor {
  after?: string;
  from?: number;
}

export interface PagedList<A> {
  data: Ref<A | null>;
  loading: Ref<boolean>;
  load(): Promise<void>;
  search(): void;
}

type Paged = { page?: number; next?: string | null };

export function usePagedList<F extends PagedFilters, A>(
  filters: F,
  fetch: (filters: F, cursor: PageCursor) => Promise<A>,
): PagedList<A> {
  const data = ref<A | null>(null) as Ref<A | null>;
  const loading = ref(false);
  const cursors = new Map<number, string>();
  const cursorFor = (page: number): PageCursor => {
    const from = Math.max(1, ...[...cursors.keys()].filter((p) => p <= page));
    return from > 1 ? { after: cursors.get(from), from } : {};
  };
  // A page turned twice quickly: the latest request's page only (an earlier one answering late is dropped; the
  // cursor it learnt is kept, since it is true of that page).
  const show = latestAnswer(
    async () => {
      const answer = await fetch(filters, cursorFor(filters.page));
      const { page, next } = answer as Paged;
      if (typeof next === 'string' && typeof page === 'number') {
        cursors.set(page + 1, next);
      }
      return answer;
    },
    (answer) => (data.value = answer),
  );
  async function load() {
    loading.value = true;
    try {
      await show();
    } finally {
      loading.value = false;
    }
  }
  watch(
    () => [filters.page, filters.pageSize],
    (now, before) => {
      if (before && now[1] !== before[1]) cursors.clear();
      void load();
    },
    { immediate: true },
  );
  function search() {
    cursors.clear();
    filters.page = 1;
    void load();
  }
  return { data, loading, load, search };
}
