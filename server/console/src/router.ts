import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { loadSession } from './session.js';

// One page component per route, each loaded on first visit (its own chunk).

type PageRoute = RouteRecordRaw & { path: string; meta: { page: string; title: string } };

const page = (path: string, pageName: string, title: string, component: () => Promise<unknown>): PageRoute => ({
  path,
  name: pageName,
  component,
  meta: { page: pageName, title },
});

export const pageRoutes: PageRoute[] = [
  page('/', 'overview', '概览', () => import('./pages/OverviewPage.vue')),
  page('/customers', 'customers', '客户', () => import('./pages/CustomersPage.vue')),
  page('/pool-rules', 'pool-rules', '公海规则', () => import('./pages/PoolRulesPage.vue')),
  page('/people', 'people', '人员与权限', () => import('./pages/PeoplePage.vue')),
  page('/cases', 'cases', '撞单申诉', () => import('./pages/CasesPage.vue')),
  page('/imports', 'imports', '导入', () => import('./pages/ImportsPage.vue')),
  page('/wecom-events', 'wecom-events', '企微事件', () => import('./pages/WecomEventsPage.vue')),
  page('/bots', 'bots', '机器人', () => import('./pages/BotsPage.vue')),
  page('/audit', 'audit', '审计', () => import('./pages/AuditPage.vue')),
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
