import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { loadSession } from './session.js';

// One page component per route, each loaded on first visit (its own chunk).

export const pageRoutes: (RouteRecordRaw & { meta: { page: string; title: string } })[] = [
  {
    path: '/',
    name: 'overview',
    component: () => import('./pages/OverviewPage.vue'),
    meta: { page: 'overview', title: '概览' },
  },
];

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue') },
    { path: '/', component: () => import('./components/ConsoleLayout.vue'), children: pageRoutes },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  if (to.name === 'login') {
    return true;
  }
  const current = await loadSession();
  if (!current) {
    return { name: 'login' };
  }
  const page = to.meta.page as string | undefined;
  if (page && !current.pages.includes(page as never)) {
    const first = pageRoutes.find((r) => current.pages.includes(r.meta.page as never));
    return first && first.path !== to.path ? { path: first.path } : true;
  }
  return true;
});
