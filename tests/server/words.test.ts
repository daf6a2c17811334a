import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeStage } from '../../models/customers/use-cases/change-grade.js';
import { importCustomers } from '../../models/customers/use-cases/import-customers.js';
import { dropPhrase } from '../../models/messages/format.js';
import { claimCustomer } from '../../models/pool/claim-customer.js';
import { DAY } from '../../models/shared/clock.js';
import { systemActor } from '../../models/shared/domain-context.js';
import * as vocabulary from '../../models/shared/vocabulary.js';
import * as miniFormat from '../../miniapp/src/lib/format.js';
import * as miniVocabulary from '../../miniapp/src/lib/vocabulary.generated.js';
import { reclaimWarningJob } from '../../server/jobs/reclaim-warning.job.js';
import { dailyDigestJob } from '../../server/jobs/daily-digest.job.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { useTestDatabase } from '../support/database.js';
import { employeeContext, makeDepartment, makeEmployee, makePublicCustomer } from '../support/factories.js';
import { contentOf, jobRunner, outbox } from '../support/jobs.js';

// Dates and words people read: one drop phrase, times in the business time zone, Chinese validation
// messages per field, one vocabulary, and a digest that only says what its history supports.

useTestDatabase();
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({}, '2026-12-01T02:00:00Z');
});
afterAll(() => app.close());

describe('dates and words', () => {
  it('when a customer will drop, then the mini-app, the bot wording and the warning say the same day and time', async () => {
    const rep = await makeEmployee({ name: '赵一' });
    const now = app.clock.now();
    const customer = await makePublicCustomer(now, { name: '一致掉保有限公司' });
    const claimed = await claimCustomer({ customerId: customer._id }, employeeContext(rep, now, app.deps.config));

    const res = await app.as(rep)('/api/my/customers');
    const body = (await res.json()) as { private: { name: string; drop: { at: string; daysLeft: number } }[] };
    const drop = body.private.find((c) => c.name === '一致掉保有限公司')!.drop;
    const phrase = dropPhrase(claimed.protectedUntil, now, app.deps.config.timezone);
    // Claimed 1 December, 30 days: protected through 31 December, gone at the start of 1 January.
    expect(phrase).toBe('还剩 31 天，2027年1月1日 0点掉保');
    expect(miniFormat.dropText(drop)).toBe(phrase);

    const warnAt = new Date(claimed.protectedUntil!.getTime() - 3 * DAY + 9 * 3600_000);
    await jobRunner(app.deps.config)(reclaimWarningJob, warnAt);
    const [warning] = await outbox('warning', rep.userId);
    expect(contentOf(warning!)).toContain(dropPhrase(claimed.protectedUntil, warnAt, app.deps.config.timezone));
    expect(contentOf(warning!)).toContain('还剩 3 天，2027年1月1日 0点掉保');
  });

  it('when a rep who released a customer tries to claim it back, then the cooldown end is said in China time, in Chinese', async () => {
    const rep = await makeEmployee({ name: '钱二' });
    const customer = await makePublicCustomer(app.clock.now(), { name: '冷静期测试有限公司' });
    const as = app.as(rep);
    expect((await as(`/api/customers/${String(customer._id)}/claim`, { method: 'POST', json: {} })).status).toBe(200);
    expect((await as(`/api/customers/${String(customer._id)}/release`, { method: 'POST', json: {} })).status).toBe(200);
    const again = await as(`/api/customers/${String(customer._id)}/claim`, { method: 'POST', json: {} });
    const { error } = (await again.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('COOLDOWN_ACTIVE');
    // Released at 10:00 China time on 1 December; the cooldown is 7 days.
    expect(error.message).toContain('12月8日 10:00 后可认领');
    expect(error.message).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('when a request has a wrong field and an unknown one, then the answer names each field in Chinese and says what is wrong', async () => {
    const rep = await makeEmployee();
    const customer = await makePublicCustomer(app.clock.now());
    const res = await app.as(rep)(`/api/customers/${String(customer._id)}/follow-ups`, {
      method: 'POST',
      json: { content: '拜访'.repeat(3000), channel: 'pigeon', extra: 1 },
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as {
      error: {
        code: string;
        message: string;
        details: { problems: { field: string; label: string; message: string }[] };
      };
    };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('「跟进内容」最多 5000 个字');
    expect(error.message).toContain('「跟进方式」只能是');
    expect(error.message).toContain('「extra」不支持这个字段');
    expect(error.message).not.toMatch(/Unrecognized|Invalid|body、body/);
    expect(error.details.problems.map((p) => p.field).sort()).toEqual(['body.channel', 'body.content', 'body.extra']);

    const paged = await app.as(rep)('/api/pool/customers?page=abc');
    const pagedError = ((await paged.json()) as { error: { message: string } }).error;
    expect(pagedError.message).toContain('「页码」');
  });

  it('when a rep reads an imported customer, then who created it and from where is said in Chinese; the app and mini-app share one vocabulary', async () => {
    const rep = await makeEmployee();
    const report = await importCustomers([{ line: 2, name: '导入词汇测试有限公司', source: 'import' }], {
      actor: systemActor('cli import'),
      now: app.clock.now(),
      config: app.deps.config,
    });
    expect(report.imported).toBe(1);
    const list = (await (await app.as(rep)('/api/pool/customers?q=导入词汇测试')).json()) as {
      items: { id: string }[];
    };
    const detail = (await (await app.as(rep)(`/api/customers/${list.items[0]!.id}`)).json()) as {
      ledger: { action: string; actor: string; reason: string }[];
    };
    expect(detail.ledger[0]).toMatchObject({ action: 'create', actor: '批量导入', reason: '导入' });
    // The mini-app shows the same words: its labels are generated from the server's vocabulary.
    for (const [name, labels] of Object.entries(miniVocabulary)) {
      expect(labels).toEqual(vocabulary[name as keyof typeof vocabulary]);
    }
    expect(Object.keys(miniVocabulary)).toEqual(
      expect.arrayContaining(['matchKeyLabels', 'relationLabels', 'sourceLabels', 'stageLabels']),
    );
  });

  it('when a customer went lead → customer → signed → lead, then the funnel counts reached stages; on day one there is no 3-day alarm', async () => {
    await makeDepartment({ deptId: 7001, name: '漏斗组', parentId: 1 });
    const manager = await makeEmployee({ role: 'manager', mainDepartmentId: 7001, leaderOfDepartmentIds: [7001] });
    const rep = await makeEmployee({ mainDepartmentId: 7001 });
    const now = app.clock.now();
    const ctx = employeeContext(manager, now, app.deps.config);
    for (let i = 0; i < 10; i++) {
      const c = await makePublicCustomer(now, { name: `漏斗客户${i}有限公司` });
      await claimCustomer({ customerId: c._id }, employeeContext(rep, now, app.deps.config));
      if (i === 0) {
        for (const stage of ['customer', 'signed', 'lead'] as const) {
          await changeStage({ customerId: c._id, stage }, ctx);
        }
      }
    }
    await jobRunner(app.deps.config)(dailyDigestJob, new Date(now.getTime() + 8 * 3600_000));
    const text = (await outbox('digest', manager.userId)).map(contentOf).join('\n');
    expect(text).toContain('线索 10 → 客户 1（10%） → 商机 1（100%）');
    expect(text).not.toContain('没有新增A类客户');
  });
});
