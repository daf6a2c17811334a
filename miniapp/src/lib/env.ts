// Where the server is. `npm run build:miniapp -- --env=<name>` replaces this module in the build with
// the values of miniapp/env/<name>.json; these are the local-mode defaults.

export interface MiniappEnv {
  name: string;
  /** Base URL of the SCRM server, without a trailing slash. */
  apiBase: string;
  /** Local mode only: outside WeCom (no wx.qy.login), log in as this member of the emulated corp. */
  localUserId?: string;
}

export const env: MiniappEnv = { name: 'local', apiBase: 'http://127.0.0.1:3000' };
