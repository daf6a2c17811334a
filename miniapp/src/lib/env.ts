// Where the server is. `npm run build:miniapp -- --env=<name>` replaces this module in the build with
// the values of miniapp/env/<name>.json; these are the local-mode defaults.

export interface MiniappEnv {
  name: string;
  /** Base URL of the SCRM server, without a trailing slash. */
  apiBase: string;
  /** Local mode only: outside WeCom (no wx.qy.login), the tester picks a member of the emulated corp at login. */
  localLogin?: boolean;
  /** Local mode only: log in as this member without asking (`npm run build:miniapp -- --user=<userid>`). */
  localUserId?: string;
}

export const env: MiniappEnv = { name: 'local', apiBase: 'http://127.0.0.1:3000', localLogin: true };
