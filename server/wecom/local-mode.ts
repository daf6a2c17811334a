import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../../config/config.js';
import type { Logger } from '../../config/logger.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../../models/shared/db/private-files.js';
import type { SharedClock } from '../../models/shared/local-clock.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { demoCorp, demoRoles, ensureDemoAdmin, seedDemoCorp } from './emulator/demo-corp.js';
import type { DeliveredMessage } from './emulator/emulator-mailbox.js';
import { WecomEmulator } from './emulator/wecom-emulator.js';
import { databaseTokenStore } from './token-store.js';
import { createWecomClient, type WecomClient } from './wecom.client.js';

// Local mode (本地模式): with no WeCom credentials, the server starts the WeCom emulator on loopback
// with a demo corp, points the WeCom client at it and takes the demo corp's credentials, so a newcomer
// can watch contacts arrive (`npm run cli -- demo add-contact`). The corp's data is kept under
// DATA_DIR across restarts (with the messages the reps were sent); the CLI finds the running emulator
// through a small state file. The emulator runs on the local system's shared clock (models/shared/local-clock.ts).

interface EmulatorFile {
  url: string;
  pid: number;
  /** The server's own address once it listens (npm run build:miniapp points the mini-app at it). */
  serverUrl?: string;
}

const stateFile = (config: Pick<Config, 'dataDir'>) => join(resolve(config.dataDir), 'wecom-emulator.json');
const corpFile = (config: Pick<Config, 'dataDir'>) => join(resolve(config.dataDir), 'wecom-emulator-corp.json');

/** The configuration with the demo corp's credentials and the emulator's API base. */
export function withEmulator(config: Config, emulator: WecomEmulator): Config {
  const corp = emulator.corp;
  return {
    ...config,
    wecom: { corpId: corp.corpId, secret: corp.secret, agentId: corp.agentId, token: corp.token, aesKey: corp.aesKey },
    wecomApiBase: emulator.apiBase,
    // The console's WeCom login goes to the emulator's login pages, which redirect back with a code.
    wecomLoginBase: emulator.url,
    wecomOauthBase: emulator.url,
  };
}

export interface LocalWecom {
  emulator: WecomEmulator;
  config: Config;
  /** Tells the emulator where the server's callback URL is. */
  connect(serverPort: number): void;
  close(): Promise<void>;
}

/**
 * Why the server must not start in local mode with this configuration, or undefined: local mode runs
 * on its own embedded database, and on MONGODB_URI only when LOCAL_DEMO_MONGODB says so.
 */
export function localModeRefusal(
  config: Pick<Config, 'mode' | 'mongodbUri' | 'localDemoOnMongodb'>,
): string | undefined {
  if (config.mode !== 'local' || !config.mongodbUri || config.localDemoOnMongodb) {
    return undefined;
  }
  return (
    'MONGODB_URI is set but no WeCom credentials are: local mode (the demo corp) runs only on its own embedded ' +
    'database. Set WECOM_CORP_ID, WECOM_SECRET, WECOM_AGENT_ID, WECOM_TOKEN and WECOM_AES_KEY to run against your ' +
    'corp, unset MONGODB_URI for the demo, or set LOCAL_DEMO_MONGODB=true to run the demo on a database local mode creates.'
  );
}

/** Whether local mode ran on this DATA_DIR before (its emulator corp is kept there). */
export function localModeRanHere(config: Pick<Config, 'dataDir'>): boolean {
  return existsSync(corpFile(config));
}

interface SavedCorp {
  state: ReturnType<WecomEmulator['state']['toJSON']>;
  messages?: DeliveredMessage[];
}

function restoreCorp(emulator: WecomEmulator, saved: unknown): void {
  // Files written before messages were kept hold the bare state.
  const file = saved as Partial<SavedCorp>;
  emulator.state.restore(file.state ?? saved);
  for (const message of file.messages ?? []) {
    emulator.mailbox.delivered.push({ ...message, at: new Date(message.at) });
  }
}

export async function startLocalWecom(config: Config, log: Logger, clock: SharedClock): Promise<LocalWecom> {
  ensurePrivateDir(resolve(config.dataDir));
  const emulator = new WecomEmulator({ corp: demoCorp, clock });
  if (existsSync(corpFile(config))) {
    restoreCorp(emulator, JSON.parse(readFileSync(corpFile(config), 'utf8')));
  } else {
    seedDemoCorp(emulator);
  }
  ensureDemoAdmin(emulator);
  await emulator.start();
  const save = () => {
    const tmp = `${corpFile(config)}.tmp`;
    const saved: SavedCorp = { state: emulator.state.toJSON(), messages: emulator.mailbox.delivered };
    writeFileSync(tmp, JSON.stringify(saved), { mode: PRIVATE_FILE_MODE });
    renameSync(tmp, corpFile(config));
  };
  const saver = setInterval(save, 2000);
  saver.unref();
  const writeState = (state: EmulatorFile) =>
    writeFileSync(stateFile(config), JSON.stringify(state), { mode: PRIVATE_FILE_MODE });
  writeState({ url: emulator.url, pid: process.pid });
  log.info('WeCom emulator started (local mode)', { url: emulator.url, corpId: demoCorp.corpId });
  return {
    emulator,
    config: withEmulator(config, emulator),
    connect: (port) => {
      emulator.callbackUrl = `http://127.0.0.1:${port}/wecom/callback`;
      writeState({ url: emulator.url, pid: process.pid, serverUrl: `http://127.0.0.1:${port}` });
    },
    async close() {
      clearInterval(saver);
      save();
      rmSync(stateFile(config), { force: true });
      await emulator.close();
    },
  };
}

/** Gives the demo corp's members the CRM roles the address book cannot carry (the ops member). */
export async function applyDemoRoles(): Promise<void> {
  for (const [userId, role] of Object.entries(demoRoles)) {
    await EmployeeModel.updateOne({ userId, role: 'rep' }, { $set: { role } });
  }
}

/** The URL of the emulator a local-mode server runs, or undefined when none is running. */
function runningState(config: Pick<Config, 'dataDir'>): EmulatorFile | undefined {
  try {
    const state = JSON.parse(readFileSync(stateFile(config), 'utf8')) as EmulatorFile;
    process.kill(state.pid, 0);
    return state;
  } catch {
    return undefined;
  }
}

export function runningEmulatorUrl(config: Pick<Config, 'dataDir'>): string | undefined {
  return runningState(config)?.url;
}

/** The address of the local-mode server running on this DATA_DIR, if one is listening. */
export function runningServerUrl(config: Pick<Config, 'dataDir'>): string | undefined {
  return runningState(config)?.serverUrl;
}

/** The WeCom client for a CLI command: the real corp, or in local mode the running server's emulator. */
export function cliWecomClient(config: Config, log: Logger): { client: WecomClient; config: Config } {
  if (config.mode === 'wecom') {
    return {
      client: createWecomClient({
        apiBase: config.wecomApiBase,
        credentials: config.wecom,
        tokenStore: databaseTokenStore(),
        log,
      }),
      config,
    };
  }
  const url = runningEmulatorUrl(config);
  if (!url) {
    throw new Error(
      'Local mode: start the server first (`npm start`); it runs the WeCom emulator this command talks to.',
    );
  }
  const local: Config = {
    ...config,
    wecom: {
      corpId: demoCorp.corpId,
      secret: demoCorp.secret,
      agentId: demoCorp.agentId,
      token: demoCorp.token,
      aesKey: demoCorp.aesKey,
    },
    wecomApiBase: `${url}/cgi-bin`,
  };
  return {
    client: createWecomClient({
      apiBase: local.wecomApiBase,
      credentials: local.wecom,
      tokenStore: databaseTokenStore(),
      log,
    }),
    config: local,
  };
}
