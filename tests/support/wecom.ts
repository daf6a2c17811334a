import type { Config } from '../../config/config.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { manualClock, type ManualClock } from '../../models/shared/clock.js';
import type { EmulatorCorp } from '../../server/wecom/emulator/emulator-corp.js';
import { startWecomEmulator, type WecomEmulator } from '../../server/wecom/emulator/wecom-emulator.js';
import { resyncOrganisation } from '../../server/wecom/resync/org-resync.js';
import { createWecomClient, type WecomClient } from '../../server/wecom/wecom.client.js';
import { startTestApp, type TestApp } from './app.js';
import { testConfig } from './factories.js';

// The WeCom emulator on loopback with the real app pointed at it, sharing one manual clock.

export const testCorp: EmulatorCorp = {
  corpId: 'wwtestcorp0001',
  secret: 'test-corp-secret',
  agentId: 1000007,
  token: 'TestCallbackToken',
  aesKey: 'dGVzdGtleXRlc3RrZXl0ZXN0a2V5dGVzdGtleXRlc3Q',
};

/** The WeCom part of a server process's environment for the test corp, its WeCom API at `apiBase`. */
export function testCorpEnv(apiBase: string): Record<string, string> {
  return {
    WECOM_CORP_ID: testCorp.corpId,
    WECOM_SECRET: testCorp.secret,
    WECOM_AGENT_ID: String(testCorp.agentId),
    WECOM_TOKEN: testCorp.token,
    WECOM_AES_KEY: testCorp.aesKey,
    WECOM_API_BASE: apiBase,
  };
}

export function wecomTestConfig(
  apiBase: string,
  env: Record<string, string> = {},
  corp: EmulatorCorp = testCorp,
): Config {
  return testConfig({
    WECOM_CORP_ID: corp.corpId,
    WECOM_SECRET: corp.secret,
    WECOM_AGENT_ID: String(corp.agentId),
    WECOM_TOKEN: corp.token,
    WECOM_AES_KEY: corp.aesKey,
    WECOM_API_BASE: apiBase,
    SESSION_SECRET: 'test-session-secret-0123456789abcdef',
    ...env,
  });
}

/** A client with short timeouts and backoff, so fault tests take milliseconds. */
export function testWecomClient(config: Config, options: { timeoutMs?: number } = {}): WecomClient {
  return createWecomClient({
    apiBase: config.wecomApiBase,
    credentials: config.wecom,
    timeoutMs: options.timeoutMs ?? 1000,
    backoffMs: 5,
    retries: 3,
  });
}

export interface WecomTestbed {
  emulator: WecomEmulator;
  app: TestApp;
  clock: ManualClock;
  close(): Promise<void>;
}

export async function startWecomTestbed(
  options: { env?: Record<string, string>; start?: string; timeoutMs?: number } = {},
): Promise<WecomTestbed> {
  const clock = manualClock(options.start ?? '2026-03-02T02:00:00Z');
  const emulator = await startWecomEmulator({ corp: testCorp, clock, callbackRetries: 0 });
  const config = wecomTestConfig(emulator.apiBase, options.env);
  const app = await startTestApp({ config, clock, wecom: testWecomClient(config, options) });
  emulator.callbackUrl = `${app.url}/wecom/callback`;
  return {
    emulator,
    app,
    clock,
    close: async () => {
      await app.close();
      await emulator.close();
    },
  };
}

/** A small sales org in the emulator and, through the real org re-sync, in the database. */
export async function seedSalesTeam(testbed: WecomTestbed, reps = 3): Promise<void> {
  const { emulator, app } = testbed;
  emulator.addDepartment(1, '测试公司', 0);
  emulator.addDepartment(10, '销售一组', 1);
  emulator.addDepartment(20, '销售运营', 1);
  emulator.addUser({ userid: 'mgr', name: '主管老周', department: [10], is_leader_in_dept: [1] });
  for (let i = 1; i <= reps; i++) {
    emulator.addUser({ userid: `rep${i}`, name: `销售${i}`, department: [10] });
  }
  emulator.addUser({ userid: 'ops1', name: '运营小钱', department: [20], customerContact: false });
  await resyncOrganisation({ ...app.deps }, { dryRun: false, errors: [] });
  await EmployeeModel.updateOne({ userId: 'ops1' }, { $set: { role: 'ops' } });
}
