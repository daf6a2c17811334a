import type { Config } from '../../config/config.js';
import type { Logger } from '../../config/logger.js';
import { databaseTokenStore } from './token-store.js';
import { createWecomClient, type WecomClient } from './wecom.client.js';

/** The corp's WeCom client as every process of ours uses it: the configured API, its access token kept in the database. */
export function corpWecomClient(config: Config, log: Logger): WecomClient {
  return createWecomClient({
    apiBase: config.wecomApiBase,
    credentials: config.wecom,
    tokenStore: databaseTokenStore(),
    log: log.child({ component: 'wecom' }),
  });
}
