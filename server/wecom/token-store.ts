import { WecomTokenModel } from '../../models/wecom/wecom-token.model.js';

// Where access tokens are kept between calls. The database store lets every server instance (and a
// restarted one) reuse the token instead of each calling gettoken.

export interface StoredToken {
  token: string;
  expiresAt: Date;
}

export interface TokenStore {
  load(key: string): Promise<StoredToken | null>;
  save(key: string, token: StoredToken): Promise<void>;
  /** Forgets the token only if it is still the given one (another instance may have refreshed it). */
  discard(key: string, token: string): Promise<void>;
}

export function memoryTokenStore(): TokenStore {
  const tokens = new Map<string, StoredToken>();
  return {
    load: (key) => Promise.resolve(tokens.get(key) ?? null),
    save: (key, token) => {
      tokens.set(key, token);
      return Promise.resolve();
    },
    discard: (key, token) => {
      if (tokens.get(key)?.token === token) {
        tokens.delete(key);
      }
      return Promise.resolve();
    },
  };
}

export function databaseTokenStore(): TokenStore {
  return {
    async load(key) {
      const found = await WecomTokenModel.findById(key).lean();
      return found ? { token: found.token, expiresAt: found.expiresAt } : null;
    },
    async save(key, token) {
      await WecomTokenModel.updateOne({ _id: key }, { $set: token }, { upsert: true });
    },
    async discard(key, token) {
      await WecomTokenModel.deleteOne({ _id: key, token });
    },
  };
}
