import { createHash } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import type { Logger } from '../../config/logger.js';
import { silentLogger } from '../../config/logger.js';
import { AppError } from '../../models/shared/app-error.js';
import { backoffDelay } from '../../models/shared/backoff.js';
import { TokenCache } from './token-cache.js';
import { memoryTokenStore, type TokenStore } from './token-store.js';
import { retryClassOf, wecomError, wecomUnavailable } from './wecom-errors.js';
import type { WecomCredentialsForClient } from './wecom.types.js';

// The transport of the WeCom client (wecom.client.ts): base URL, access-token cache, retries and
// errcode → AppError. With the client, the only module that talks HTTP to WeCom.
//
// Retries inside a call are short: one token refresh on 40014/42001/41001, and a few backed-off tries
// on 5xx, timeouts, -1 and 45009/45033. Longer waits belong to the durable workers above (event
// processor, message sender), which reschedule. Configuration errors (40001/40013/40091, 60020, 48002)
// are never retried here, and a bad secret pauses gettoken so the IP is not blocked.

export interface WecomClientOptions {
  apiBase: string;
  /** Unset: every call fails with WECOM_CONFIG_ERROR (no corp configured). */
  credentials: WecomCredentialsForClient | undefined;
  timeoutMs?: number;
  /** Tries after the first on 5xx/timeouts/rate limits. */
  retries?: number;
  backoffMs?: number;
  configErrorPauseMs?: number;
  tokenStore?: TokenStore;
  log?: Logger;
}

type Query = Record<string, string | number | undefined>;
type WecomAnswer = { errcode?: number; errmsg?: string } & Record<string, unknown>;

export class WecomTransport {
  readonly corpId: string | undefined;
  readonly agentId: number | undefined;
  private readonly http: AxiosInstance;
  private readonly tokens: TokenCache | null;
  private readonly retries: number;
  private readonly backoffMs: number;
  protected readonly log: Logger;

  constructor(options: WecomClientOptions) {
    this.corpId = options.credentials?.corpId;
    this.agentId = options.credentials?.agentId;
    this.retries = options.retries ?? 3;
    this.backoffMs = options.backoffMs ?? 500;
    this.log = options.log ?? silentLogger;
    this.http = axios.create({
      baseURL: options.apiBase.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? 10_000,
      validateStatus: () => true,
      // WeCom answers JSON; never follow redirects elsewhere.
      maxRedirects: 0,
      proxy: false,
      // The server runs on Node: never a browser adapter, even where a DOM is present (page tests under jsdom).
      adapter: 'http',
    });
    const credentials = options.credentials;
    this.tokens = credentials
      ? new TokenCache({
          key: `${credentials.corpId}:${credentials.agentId}:${createHash('sha256').update(credentials.secret).digest('hex').slice(0, 12)}`,
          store: options.tokenStore ?? memoryTokenStore(),
          configErrorPauseMs: options.configErrorPauseMs ?? 10 * 60_000,
          fetchToken: async () => {
            const answer = await this.request<{ access_token: string; expires_in: number }>('GET', '/gettoken', {
              query: { corpid: credentials.corpId, corpsecret: credentials.secret },
              auth: false,
            });
            return { token: answer.access_token, expiresAt: new Date(Date.now() + answer.expires_in * 1000) };
          },
        })
      : null;
  }

  /** A valid access token (fetched once and shared). */
  async accessToken(): Promise<string> {
    if (!this.tokens) {
      throw new AppError('WECOM_CONFIG_ERROR', '未配置企业微信（WECOM_CORP_ID 等），无法调用企业微信接口');
    }
    return this.tokens.get();
  }

  /** One call: the token (refreshed once when WeCom refuses it), retries with backoff, errcode → AppError. */
  protected async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { query?: Query; body?: unknown; auth?: boolean } = {},
  ): Promise<T> {
    const api = path.replace(/^\//, '');
    let tokenRefreshed = false;
    for (let attempt = 0; ; attempt++) {
      const token = options.auth === false ? undefined : await this.accessToken();
      const data = await this.send(method, path, options, token, api, attempt);
      if (data === 'retry') {
        continue;
      }
      const errcode = data.errcode ?? 0;
      if (errcode === 0) {
        return data as T;
      }
      const failure = wecomError(errcode, data.errmsg ?? '', api);
      const retry = retryClassOf(errcode);
      this.log.warn('wecom answered an error', { api, errcode, errmsg: data.errmsg ?? '' });
      if (retry === 'token' && token && !tokenRefreshed) {
        tokenRefreshed = true;
        this.log.info('wecom token refused, refreshing once', { api, errcode });
        await this.tokens!.invalidate(token);
        continue;
      }
      if ((retry === 'rate' || retry === 'transient') && attempt < this.retries) {
        await this.backoff(api, attempt, errcode);
        continue;
      }
      if (retry === 'config') {
        this.log.error('wecom configuration error: not retrying', { api, errcode });
        if (api === 'gettoken') {
          this.tokens?.pauseAfterConfigError(failure);
        }
      }
      throw failure;
    }
  }

  /** One HTTP exchange: WeCom's JSON answer, 'retry' after backing off from an outage, or the failure. */
  private async send(
    method: 'GET' | 'POST',
    path: string,
    options: { query?: Query; body?: unknown },
    token: string | undefined,
    api: string,
    attempt: number,
  ): Promise<WecomAnswer | 'retry'> {
    try {
      const response = await this.http.request<WecomAnswer>({
        method,
        url: path,
        data: options.body,
        params: { ...options.query, ...(token ? { access_token: token } : {}) },
      });
      if (response.status >= 500) {
        throw wecomUnavailable(api, `HTTP ${response.status}`);
      }
      if (response.status !== 200 || typeof response.data !== 'object' || response.data === null) {
        throw new AppError('WECOM_API_ERROR', `企业微信接口应答异常（HTTP ${response.status}）`, {
          details: { api, status: response.status, retry: 'permanent' },
        });
      }
      return response.data;
    } catch (error) {
      const failure =
        error instanceof AppError
          ? error
          : wecomUnavailable(api, axios.isAxiosError(error) ? (error.code ?? error.message) : String(error), error);
      if (failure.code === 'WECOM_UNAVAILABLE' && attempt < this.retries) {
        await this.backoff(api, attempt, failure.details?.reason);
        return 'retry';
      }
      throw failure;
    }
  }

  private async backoff(api: string, attempt: number, reason: unknown): Promise<void> {
    const delay = backoffDelay(attempt + 1, { baseMs: this.backoffMs, spread: [0.75, 1.25] });
    this.log.warn('wecom call failed, backing off', { api, attempt: attempt + 1, reason, delayMs: Math.round(delay) });
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
