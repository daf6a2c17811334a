import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseCustomer } from '../../../models/pool/release-customer.js';
import { DAY, MINUTE } from '../../../models/shared/clock.js';
import { expectError, json, makeTeam, ownedCustomer, type Team } from '../../../tests/support/api.js';
import { startTestApp, type TestApp } from '../../../tests/support/app.js';
import { useTestDatabase } from '../../../tests/support/database.js';
import { employeeContext, makeEmployee, makePublicCustomer, testConfig } from '../../../tests/support/factories.js';
import type { PoolPage } from '../../../models/pool/pool-search.js';

useTestDatabase();
let app: TestApp;
let team: Team;
beforeAll(async () => {
  app = await startTestApp({ config: testConfig({ RATE_LIMIT_POOL_SEARCH: '1000/min' }) });
  team = await makeTeam();
  const t0 = app.clock.now();
  await makePublicCustomer(new Date(t0.getTime() - 40 * DAY), {
    name: '北京字节跳动科技有限公司',
    industry: '互联网',
    region: '北京',
    source: 'website',
    phones: ['13800001111'],
  });
  await makePublicCustomer(new Date(t0.getTime() - 5 * DAY), {
    name: '上海米哈游网络科技股份有限公司',
    industry: '游戏',
    region: '上海',
    source: 'event',
  });
  for (let i = 0; i < 25; i++) {
    await makePublicCustomer(new Date(t0.getTime() - i * DAY), {
      name: `杭州云帆制造${i}有限公司`,
      industry: '制造',
      region: '杭州',
      source: 'import',
    });
  }
  await ownedCustomer(app, team.other, '深圳字节跳动分公司');
});
afterAll(() => app.close());

const search = (qs: string, who = () => team.rep) => app.as(who())(`/api/pool/customers${qs}`);

describe('GET /api/pool/customers', () => {
  it("when a rep searches a brand, then the public company is found and another rep's customer is not listed", async () => {
    const page = await json<PoolPage>(await search(`?q=${encodeURIComponent('字节跳动')}`));
    expect(page.items.map((c) => c.name)).toEqual(['北京字节跳动科技有限公司']);
    expect(page.items[0]).toMatchObject({ industry: '互联网', region: '北京', source: 'website', daysInPool: 40 });
    expect(JSON.stringify(page)).not.toContain('13800001111');
  });

  it('when a rep types another spelling of the name (traditional characters, full name with region), then the public company is still found', async () => {
    for (const q of ['字節跳動', '北京市字节跳动科技有限公司', '字节跳动（北京）科技']) {
      const page = await json<PoolPage>(await search(`?q=${encodeURIComponent(q)}`));
      expect(
        page.items.map((c) => c.name),
        q,
      ).toEqual(['北京字节跳动科技有限公司']);
    }
  });

  it('when a rep filters by industry, region, source and time in the pool, then only matching customers come back', async () => {
    const games = await json<PoolPage>(
      await search(`?industry=${encodeURIComponent('游戏')}&region=${encodeURIComponent('上海')}`),
    );
    expect(games.items.map((c) => c.name)).toEqual(['上海米哈游网络科技股份有限公司']);
    const old = await json<PoolPage>(await search('?minDaysInPool=30'));
    expect(old.items.map((c) => c.name)).toEqual(['北京字节跳动科技有限公司']);
    const fresh = await json<PoolPage>(await search('?source=import&maxDaysInPool=2'));
    expect(fresh.items.map((c) => c.name).sort()).toEqual([
      '杭州云帆制造0有限公司',
      '杭州云帆制造1有限公司',
      '杭州云帆制造2有限公司',
    ]);
  });

  it('when a rep pages through the pool, then pages do not overlap and the last says there is no more', async () => {
    const first = await json<PoolPage>(await search('?industry=%E5%88%B6%E9%80%A0&pageSize=20'));
    const second = await json<PoolPage>(await search('?industry=%E5%88%B6%E9%80%A0&pageSize=20&page=2'));
    expect([first.items.length, first.hasMore, second.items.length, second.hasMore]).toEqual([20, true, 5, false]);
    const ids = [...first.items, ...second.items].map((c) => c.id);
    expect(new Set(ids).size).toBe(25);
  });

  it('when the rep released a customer recently, then the pool shows until when they may not claim it again, and offers no claim', async () => {
    const mine = await ownedCustomer(app, team.rep, '广州冷静期测试有限公司');
    await releaseCustomer({ customerId: mine._id }, employeeContext(team.rep, app.clock.now(), app.deps.config));
    const page = await json<PoolPage>(await search(`?q=${encodeURIComponent('冷静期测试')}`));
    expect(page.items[0]?.cooldownUntil).toBe(new Date(app.clock.now().getTime() + 7 * DAY).toISOString());
    expect(page.items[0]?.can).toEqual({ claim: false, stake: false });
    const others = await json<PoolPage>(await search(`?q=${encodeURIComponent('冷静期测试')}`, () => team.other));
    expect(others.items[0]?.cooldownUntil).toBeNull();
    expect(others.items[0]?.can).toEqual({ claim: true, stake: true });
  });

  it('when the query is out of range, unknown, or carries an operator, then 400 VALIDATION_FAILED', async () => {
    for (const qs of [
      '?pageSize=1000',
      '?page=51',
      '?page=0',
      '?grade=Z',
      '?source=spam',
      '?minDaysInPool=9&maxDaysInPool=3',
      '?q[$gt]=',
      '?industry[$ne]=x',
      '?ownerId=abc',
      `?q=${'长'.repeat(51)}`,
      '?pageSize=-1',
    ]) {
      await expectError(await search(qs), 400, 'VALIDATION_FAILED');
    }
  });

  it('when the token is missing, forged or expired, then 401', async () => {
    await expectError(await app.as(null)('/api/pool/customers'), 401, 'UNAUTHENTICATED');
    await expectError(
      await fetch(`${app.url}/api/pool/customers`, { headers: { authorization: 'Bearer v1.eyJzdWIiOiJ4In0.forged' } }),
      401,
      'UNAUTHENTICATED',
    );
  });
});

describe('GET /api/pool/filters', () => {
  it('when a rep opens the filters, then they offer the industries and regions present in the pool', async () => {
    const filters = await json<{ industries: string[]; regions: string[]; grades: string[] }>(
      await app.as(team.rep)('/api/pool/filters'),
    );
    expect(filters.industries).toEqual(expect.arrayContaining(['互联网', '游戏', '制造']));
    expect(filters.regions).toEqual(expect.arrayContaining(['北京', '上海', '杭州']));
    expect(filters.grades).toEqual(['A', 'B', 'C', 'D']);
  });
});

describe('search rate limit', () => {
  it('when a rep searches past the limit, then 429 RATE_LIMITED in Chinese with Retry-After, other reps are unaffected, and it resets', async () => {
    const limited = await startTestApp(
      { config: testConfig({ RATE_LIMIT_POOL_SEARCH: '3/min,5/day' }) },
      app.clock.now().toISOString(),
    );
    // A second instance on the same database: the limit is shared, not per process.
    const twin = await startTestApp({ config: limited.deps.config }, app.clock.now().toISOString());
    try {
      const rep = await makeEmployee();
      const neighbour = await makeEmployee();
      expect((await limited.as(rep)('/api/pool/customers')).status).toBe(200);
      expect((await twin.as(rep)('/api/pool/customers')).status).toBe(200);
      expect((await limited.as(rep)('/api/pool/customers')).status).toBe(200);
      const refused = await twin.as(rep)('/api/pool/customers');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = await expectError(refused, 429, 'RATE_LIMITED');
      expect(body.error.message).toContain('公海搜索太频繁');
      expect((await limited.as(neighbour)('/api/pool/customers')).status).toBe(200);

      limited.clock.advance(MINUTE);
      twin.clock.advance(MINUTE);
      expect((await limited.as(rep)('/api/pool/customers')).status).toBe(200);
      expect((await twin.as(rep)('/api/pool/customers')).status).toBe(200);
      // The daily window (5) is now spent even though the minute window is fresh.
      await expectError(await limited.as(rep)('/api/pool/customers'), 429, 'RATE_LIMITED');
    } finally {
      await limited.close();
      await twin.close();
    }
  });

  it('when three reps search at once, one below the limit of 10, one at it and one past it, then each is answered up to 10', async () => {
    const limited = await startTestApp(
      { config: testConfig({ RATE_LIMIT_POOL_SEARCH: '10/min' }) },
      app.clock.now().toISOString(),
    );
    try {
      const reps = await Promise.all([makeEmployee(), makeEmployee(), makeEmployee()]);
      const sent = [4, 10, 16];
      const statuses = await Promise.all(
        reps.map((rep, i) =>
          Promise.all(
            Array.from({ length: sent[i]! }, () =>
              limited
                .as(rep)('/api/pool/customers?pageSize=1')
                .then((r) => r.status),
            ),
          ),
        ),
      );
      expect(statuses.map((s) => s.filter((status) => status === 200).length)).toEqual([4, 10, 10]);
      expect(statuses.map((s) => s.filter((status) => status === 429).length)).toEqual([0, 0, 6]);
    } finally {
      await limited.close();
    }
  });

  it('when 20 searches of one rep arrive at once against a limit of 10, then exactly 10 are answered', async () => {
    const limited = await startTestApp(
      { config: testConfig({ RATE_LIMIT_POOL_SEARCH: '10/min' }) },
      app.clock.now().toISOString(),
    );
    try {
      const rep = await makeEmployee();
      const statuses = await Promise.all(
        Array.from({ length: 20 }, () =>
          limited
            .as(rep)('/api/pool/customers?pageSize=1')
            .then((r) => r.status),
        ),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    } finally {
      await limited.close();
    }
  });
});
