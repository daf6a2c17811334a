import type { AppError } from '../../models/shared/app-error.js';
import type { StoredToken, TokenStore } from './token-store.js';

// The access-token cache: one refresh at a time (single flight), shared through a store, and a
// circuit that stops calling gettoken for a while after a configuration error — WeCom blocks an IP
// for an hour after repeated bad secrets (server/wecom/README.md §3.1).

const EARLY_REFRESH_MS = 5 * 60_000;

export interface TokenCacheOptions {
  key: string;
  store: TokenStore;
  fetchToken: () => Promise<StoredToken>;
  /** How long a configuration error short-circuits further gettoken calls. */
  configErrorPauseMs: number;
  now?: () => number;
}

export class TokenCache {
  private current: StoredToken | null = null;
  private refreshing: Promise<string> | null = null;
  private readonly bad = new Set<string>();
  private configError: { error: AppError; until: number } | null = null;
  private readonly now: () => number;

  constructor(private readonly options: TokenCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A valid token, refreshed (once, however many callers wait) when missing or about to expire. */
  async get(): Promise<string> {
    if (this.current && this.current.expiresAt.getTime() - EARLY_REFRESH_MS > this.now()) {
      return this.current.token;
    }
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** WeCom refused this token: drop it unless a newer one replaced it already. */
  async invalidate(token: string): Promise<void> {
    this.bad.add(token);
    if (this.current?.token === token) {
      this.current = null;
    }
    await this.options.store.discard(this.options.key, token);
  }

  /** Pauses gettoken after a configuration error (bad secret or corp id). */
  pauseAfterConfigError(error: AppError): void {
    this.configError = { error, until: this.now() + this.options.configErrorPauseMs };
  }

  private async refresh(): Promise<string> {
    if (this.configError && this.configError.until > this.now()) {
      throw this.configError.error;
    }
    const stored = await this.options.store.load(this.options.key);
    if (stored && !this.bad.has(stored.token) && stored.expiresAt.getTime() - EARLY_REFRESH_MS > this.now()) {
      this.current = stored;
      return stored.token;
    }
    const fresh = await this.options.fetchToken();
    this.configError = null;
    this.current = fresh;
    await this.options.store.save(this.options.key, fresh);
    return fresh.token;
  }
}
