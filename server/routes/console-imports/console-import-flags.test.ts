import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicateFlagModel } from '../../../models/conflicts/duplicate-flag.model.js';
import { CustomerModel } from '../../../models/customers/customer.model.js';
import { json, makeTeam, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { makePublicCustomer, testConfig } from '../../../tests/support/factories.js';

// Which imported rows ops must review: a name one typo away from a customer is flagged 疑似重复 only
// when region and industry are compatible; the same typo in another city or line of business is
// another company's name, imported without a flag (ops would otherwise review a third of every file).

useTestDatabase();
let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp({ config: testConfig() });
  team = await makeTeam();
});
afterAll(() => app.close());

interface Report {
  imported: number;
  duplicates: { line: number }[];
  flagged: { line: number; name: string; candidate: { name: string }; reason: string }[];
}

async function importFile(csv: string): Promise<Report> {
  const started = await json<{ id: string }>(
    await app.as(team.ops)('/api/console/imports?fileName=customers.csv', { method: 'POST', body: csv }),
    202,
  );
  for (let i = 0; i < 200; i++) {
    const run = await json<{ status: string; report: Report; error: string }>(
      await app.as(team.ops)(`/api/console/imports/${started.id}`),
    );
    if (run.status !== 'running') {
      expect(run.status, run.error).toBe('done');
      return run.report;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the import did not finish');
}

describe('POST /api/console/imports: 疑似重复 flags', () => {
  it('when a row is one typo from a customer, then it is flagged only where region and industry are compatible', async () => {
    await makePublicCustomer(app.clock.now(), { name: '杭州云栖星图网络科技有限公司' });
    await makePublicCustomer(app.clock.now(), { name: '苏州青橙远航物流有限公司' });
    const report = await importFile(
      [
        '客户名称',
        // Read the same, same city and industry: possibly the same company.
        '杭州云溪星图网络科技有限公司',
        // One character apart, region absent on one side and the same industry: possibly the same.
        '青橙远行物流有限公司',
        // The same sound in another province and line of business: another company.
        '成都云溪星图餐饮管理有限公司',
        // One character apart, in another city and line of business: another company.
        '广州青橙远行服装有限公司',
      ].join('\n'),
    );
    expect(report.duplicates).toEqual([]);
    expect(report.imported).toBe(4);
    expect(report.flagged.map((f) => [f.name, f.candidate.name])).toEqual([
      ['杭州云溪星图网络科技有限公司', '杭州云栖星图网络科技有限公司'],
      ['青橙远行物流有限公司', '苏州青橙远航物流有限公司'],
    ]);
    expect(await DuplicateFlagModel.countDocuments({ status: 'open' })).toBe(2);
    expect(await CustomerModel.countDocuments({ name: /^(成都|广州)/ })).toBe(2);
  });

  it('when a row has a customer’s trade name in its city with a shortened industry, then it is flagged; with another industry it is not', async () => {
    await makePublicCustomer(app.clock.now(), { name: '宁波市海曙区锐拓智能装备有限公司' });
    const report = await importFile(['名称', '宁波锐拓智能有限公司', '宁波锐拓餐饮管理有限公司'].join('\n'));
    expect(report.duplicates).toEqual([]);
    expect(report.flagged.map((f) => [f.name, f.candidate.name, f.reason])).toEqual([
      ['宁波锐拓智能有限公司', '宁波市海曙区锐拓智能装备有限公司', '字号相同，行业或地区不同'],
    ]);
  });
});
