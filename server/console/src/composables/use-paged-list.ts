import { ref, watch, type Ref } from 'vue';

// A table paged on the server: the filters (with page and pageSize) are the query; turning a page or
// changing its size loads at once, a new search starts again on page 1.

export interface PagedFilters {
  page: number;
  pageSize: number;
}

export interface PagedList<A> {
  data: Ref<A | null>;
  loading: Ref<boolean>;
  load(): Promise<void>;
  search(): void;
}

export function usePagedList<F extends PagedFilters, A>(filters: F, fetch: (filters: F) => Promise<A>): PagedList<A> {
  const data = ref<A | null>(null) as Ref<A | null>;
  const loading = ref(false);
  async function load() {
    loading.value = true;
    try {
      data.value = await fetch(filters);
    } finally {
      loading.value = false;
    }
  }
  watch(() => [filters.page, filters.pageSize], load, { immediate: true });
  function search() {
    filters.page = 1;
    void load();
  }
  return { data, loading, load, search };
}
