import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMiniapp } from '../../scripts/build-miniapp.js';

// Drives the built mini-program in miniprogram-simulate (the official component test tool) against a
// running test server. The simulator's wx.request answers canned data, so it is replaced here by a
// bridge that makes the real HTTP call (loopback only); storage, wx.qy.login, toasts, modals and
// navigation are real enough to observe. Use in a test file with `// @vitest-environment jsdom`.

const require = createRequire(import.meta.url);

interface SimulateComponent {
  instance: Record<string, (...args: unknown[]) => unknown> & { data: Record<string, unknown> };
  data: Record<string, unknown>;
  dom: { textContent: string | null };
  attach(parent: unknown): void;
  detach(): void;
  querySelector(selector: string): SimulateComponent | null;
  querySelectorAll(selector: string): SimulateComponent[];
  dispatchEvent(name: string, options?: { detail?: unknown }): void;
}

interface Simulate {
  load(path: string, options: { compiler: 'official' | 'simulate'; rootPath: string }): string;
  render(id: string): SimulateComponent;
}

type WxCallbacks = {
  success?: (res: unknown) => void;
  fail?: (res: unknown) => void;
  complete?: (res: unknown) => void;
};
type WxRequestOptions = WxCallbacks & {
  url: string;
  method?: string;
  data?: unknown;
  header?: Record<string, string>;
  dataType?: string;
};
type Wx = Record<string, unknown>;

export interface PageHandle extends SimulateComponent {
  /** Taps the first element matching the selector (bindtap handlers run with its data-* dataset). */
  tap(selector: string): Promise<void>;
  /** Types into an input or textarea: its bindinput handler receives the value. */
  type(selector: string, value: string): Promise<void>;
  /** The text the page shows. */
  text(): string;
}

export interface MiniappHarness {
  dir: string;
  toasts: string[];
  /** Every toast with its icon, to hold them to what WeChat shows (7 characters with an icon). */
  toastIcons: { title: string; icon: string }[];
  /** How often a page ended its pull-down refresh. */
  refreshesDone: number;
  modals: { title: string; content: string }[];
  navigations: string[];
  requests: { method: string; path: string; status: number }[];
  storage: Map<string, unknown>;
  /** Answers the next modals with confirm (true) or cancel (false). */
  confirmModals: boolean;
  /** The entry picked in action sheets. */
  actionSheetChoice: number;
  actionSheets: string[][];
  /** Supplies wx.qy.login codes; unset, wx.qy.login fails as it does outside WeCom. */
  qyLogin?: () => Promise<string>;
  open(page: string, query?: Record<string, string>): Promise<PageHandle>;
  /** Waits until the condition holds (requests and timers run meanwhile). */
  waitFor(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

function settle(callbacks: WxCallbacks, ok: boolean, res: unknown): void {
  (ok ? callbacks.success : callbacks.fail)?.(res);
  callbacks.complete?.(res);
}

/** Dispatches an event on the first match; the simulator delivers events a tick later, so this waits for it. */
async function fire(component: SimulateComponent, selector: string, name: string, detail?: unknown): Promise<void> {
  const target = component.querySelector(selector);
  if (!target) {
    throw new Error(`nothing matches ${selector}`);
  }
  target.dispatchEvent(name, detail === undefined ? {} : { detail });
  await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Builds the mini-program for the given server address and installs the wx bridge. */
export function miniappHarness(
  apiBase: string,
  buildOptions: { localUserId?: string; localLogin?: boolean } = {},
): MiniappHarness {
  const dir = mkdtempSync(join(tmpdir(), 'miniapp-'));
  buildMiniapp({
    env: { name: 'test', apiBase, appId: 'touristappid', urlCheck: false, ...buildOptions },
    outDir: dir,
    typeCheck: false,
  });
  const simulate = require('miniprogram-simulate') as Simulate;
  const wx = (globalThis as unknown as { wx: Wx }).wx;
  const pages: SimulateComponent[] = [];
  const harness: MiniappHarness = {
    dir,
    toasts: [],
    toastIcons: [],
    refreshesDone: 0,
    modals: [],
    navigations: [],
    requests: [],
    storage: new Map(),
    confirmModals: true,
    actionSheetChoice: 0,
    actionSheets: [],
    async open(page, query = {}) {
      // The harness that opens a page owns the wx bridge (several harnesses may live in one file).
      install();
      const id = simulate.load(join(dir, page), { compiler: 'official', rootPath: dir });
      const component = simulate.render(id);
      component.attach(
        (globalThis as unknown as { document: { createElement(tag: string): unknown } }).document.createElement(
          'parent-wrapper',
        ),
      );
      pages.push(component);
      const handle = Object.assign(component, {
        tap: (selector: string) => fire(component, selector, 'tap'),
        type: (selector: string, value: string) => fire(component, selector, 'input', { value, cursor: value.length }),
        text: () => component.dom.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      });
      await component.instance.onLoad?.(query);
      await component.instance.onShow?.();
      return handle;
    },
    async waitFor(condition, what, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close() {
      pages.forEach((p) => p.detach());
      rmSync(dir, { recursive: true, force: true });
    },
  };

  const install = () => {
    wx.request = (options: WxRequestOptions) => {
      const method = (options.method ?? 'GET').toUpperCase();
      let url = options.url;
      let body: string | undefined;
      if (method === 'GET' && options.data && typeof options.data === 'object') {
        // As wx.request does: GET data becomes the query string.
        const query = new URLSearchParams(Object.entries(options.data as Record<string, string>)).toString();
        url += query ? `${url.includes('?') ? '&' : '?'}${query}` : '';
      } else if (options.data !== undefined) {
        body = typeof options.data === 'string' ? options.data : JSON.stringify(options.data);
      }
      let aborted = false;
      fetch(url, { method, headers: options.header, body }).then(
        async (res) => {
          const text = await res.text();
          let data: unknown = text;
          if (options.dataType !== 'text') {
            try {
              data = JSON.parse(text);
            } catch {
              /* not JSON: handed over as text, as wx.request does */
            }
          }
          harness.requests.push({ method, path: new URL(url).pathname, status: res.status });
          if (!aborted)
            settle(options, true, {
              statusCode: res.status,
              data,
              header: Object.fromEntries(res.headers),
              cookies: [],
              errMsg: 'request:ok',
            });
        },
        (error: unknown) => {
          if (!aborted)
            settle(options, false, {
              errMsg: `request:fail ${error instanceof Error ? error.message : String(error)}`,
            });
        },
      );
      return {
        abort: () => {
          aborted = true;
        },
        onHeadersReceived() {},
        offHeadersReceived() {},
      };
    };
    wx.setStorageSync = (key: string, value: unknown) => {
      harness.storage.set(key, structuredClone(value));
    };
    wx.getStorageSync = (key: string) => (harness.storage.has(key) ? structuredClone(harness.storage.get(key)) : '');
    wx.removeStorageSync = (key: string) => {
      harness.storage.delete(key);
    };
    // Outside WeCom (DevTools against a local-mode server) there is no wx.qy at all.
    wx.qy =
      buildOptions.localUserId || buildOptions.localLogin
        ? undefined
        : {
            login(options: WxCallbacks) {
              if (!harness.qyLogin) {
                settle(options, false, { errMsg: 'qy.login:fail not in WeCom' });
                return;
              }
              harness.qyLogin().then(
                (code) => settle(options, true, { code, errMsg: 'qy.login:ok' }),
                () => settle(options, false, { errMsg: 'qy.login:fail' }),
              );
            },
          };
    const record = (list: string[], key: string) => (options: WxCallbacks & Record<string, unknown>) => {
      list.push(String(options[key]));
      settle(options, true, { errMsg: 'ok' });
      return Promise.resolve({ errMsg: 'ok' });
    };
    wx.showToast = (options: WxCallbacks & { title?: string; icon?: string }) => {
      harness.toastIcons.push({ title: String(options.title), icon: options.icon ?? 'success' });
      return record(harness.toasts, 'title')(options);
    };
    wx.stopPullDownRefresh = (options: WxCallbacks = {}) => {
      harness.refreshesDone += 1;
      settle(options, true, { errMsg: 'ok' });
      return Promise.resolve();
    };
    wx.navigateTo = record(harness.navigations, 'url');
    wx.redirectTo = record(harness.navigations, 'url');
    wx.switchTab = record(harness.navigations, 'url');
    wx.navigateBack = (options: WxCallbacks = {}) => {
      harness.navigations.push('back');
      settle(options, true, { errMsg: 'ok' });
      return Promise.resolve();
    };
    wx.showModal = (options: WxCallbacks & { title?: string; content?: string }) => {
      harness.modals.push({ title: options.title ?? '', content: options.content ?? '' });
      const res = { confirm: harness.confirmModals, cancel: !harness.confirmModals, errMsg: 'showModal:ok' };
      settle(options, true, res);
      return Promise.resolve(res);
    };
    wx.showActionSheet = (options: WxCallbacks & { itemList: string[] }) => {
      harness.actionSheets.push(options.itemList);
      const res = { tapIndex: harness.actionSheetChoice, errMsg: 'showActionSheet:ok' };
      settle(options, true, res);
      return Promise.resolve(res);
    };
  };
  return harness;
}

/** Gives the mini-app a session for the employee, as after a login. */
export function signIn(harness: MiniappHarness, token: string): void {
  harness.storage.set('scrm.session', { token, expiresAt: '2099-01-01T00:00:00Z' });
}
