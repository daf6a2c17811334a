// Where the server is. `npm run build:miniapp -- --env=<name>` replaces this module in the build with
// the values of miniapp/env/<name>.json; these are the local-mode defaults.

export interface MiniappEnv {
  name: string;
  /** Base URL of the SCRM server, without a trailing slash. */
  apiBase: string;
}

export const env: MiniappEnv = { name: 'local', apiBase: 'http://127.0.0.1:3000' };
