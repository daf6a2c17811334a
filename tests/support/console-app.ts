import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildConsole } from '../../scripts/build-console.js';
import { changeGrade, changeStage } from '../../models/customers/use-cases/change-grade.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { EmployeeModel, type Employee } from '../../models/org/employee.model.js';
import { manualClock } from '../../models/shared/clock.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { releaseCustomer } from '../../models/pool/release-customer.js';
import { grantFirstAdmins } from '../../server/auth/first-admins.js';
import { consoleDist } from '../../server/routes/console-app/console-app.routes.js';
import { demoCorp, ensureDemoAdmin, seedDemoCorp } from '../../server/wecom/emulator/demo-corp.js';
import { startWecomEmulator, type WecomEmulator } from '../../server/wecom/emulator/wecom-emulator.js';
import { withEmulator } from '../../server/wecom/local-mode.js';
import { resyncOrganisation } from '../../server/wecom/resync/org-resync.js';
import { startTestApp, type TestApp } from './app.js';
import { employeeContext, systemContext, testConfig } from './factories.js';
import { testWecomClient } from './wecom.js';

// The server as `npm start` runs it in local mode — the demo corp in the WeCom emulator, synced into
// the database, its first admin and ops member granted — with the built console, and some customers.

export interface ConsoleApp {
  app: TestApp;
  emulator: WecomEmulator;
  employee(userId: string): Promise<Employee>;
  close(): Promise<void>;
}

/** The console's build, made once if this checkout has none yet (npm test builds it first). */
export async function ensureConsoleBuilt(): Promise<void> {
  if (!existsSync(join(consoleDist(), 'index.html'))) {
    await buildConsole();
  }
}

export async function startConsoleApp(start = '2026-03-02T02:00:00Z'): Promise<ConsoleApp> {
  await ensureConsoleBuilt();
  const clock = manualClock(start);
  const emulator = await startWecomEmulator({ corp: demoCorp, clock, callbackRetries: 0 });
  seedDemoCorp(emulator);
  ensureDemoAdmin(emulator);
  const config = withEmulator(testConfig(), emulator);
  const app = await startTestApp({
    config,
    clock,
    wecom: testWecomClient(config),
    issueLocalLoginCode: (userId) => emulator.state.issueLoginCode(userId),
    issueLocalOAuthCode: (userId) => emulator.state.issueOAuthCode(userId),
  });
  emulator.callbackUrl = `${app.url}/wecom/callback`;
  await resyncOrganisation(app.deps, { dryRun: false, errors: [] });
  await grantFirstAdmins(app.deps);
  const employee = async (userId: string) => (await EmployeeModel.findOne({ userId }).lean<Employee>())!;
  return {
    app,
    emulator,
    employee,
    close: async () => {
      await app.close();
      await emulator.close();
    },
  };
}

const companies = [
  ['杭州青禾电子商务有限公司', '浙江省杭州市', '电子商务'],
  ['上海云杉信息技术有限公司', '上海市', '软件'],
  ['深圳市蓝海智造科技有限公司', '广东省深圳市', '制造'],
  ['北京星河教育咨询有限公司', '北京市', '教育'],
  ['苏州恒远物流有限公司', '江苏省苏州市', '物流'],
  ['成都锦程餐饮管理有限公司', '四川省成都市', '餐饮'],
  ['广州南粤医疗器械有限公司', '广东省广州市', '医疗'],
  ['武汉楚天新能源有限公司', '湖北省武汉市', '能源'],
] as const;

/** Customers in every state: public ones, and private ones the demo reps claimed, graded and moved on. */
export async function seedConsoleCustomers(console: ConsoleApp): Promise<void> {
  const { app } = console;
  const now = app.clock.now();
  const created = [];
  for (const [name, region, industry] of companies) {
    created.push(
      await createCustomer(
        { customer: { name, region, industry, source: 'import' }, into: 'public' },
        systemContext(now, app.deps.config),
      ),
    );
  }
  const reps = await Promise.all(['wangfang', 'lihua', 'zhoujie'].map((u) => console.employee(u)));
  for (const [i, customer] of created.slice(0, 6).entries()) {
    const rep = reps[i % reps.length]!;
    const ctx = employeeContext(rep, now, app.deps.config);
    await claimCustomer({ customerId: customer._id }, ctx);
    if (i < 3) {
      await changeGrade({ customerId: customer._id, grade: i === 0 ? 'A' : 'B', reason: '意向明确' }, ctx);
      await changeStage({ customerId: customer._id, stage: 'opportunity', reason: '已报价' }, ctx);
    }
  }
  await releaseCustomer(
    { customerId: created[5]!._id, reason: '暂无需求' },
    employeeContext(reps[2]!, now, app.deps.config),
  );
}
