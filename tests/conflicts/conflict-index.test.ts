import { describe, expect, it } from 'vitest';
import { insertPublicCustomers } from '../../models/customers/use-cases/bulk-insert.js';
import { rebuildConflictIndex } from '../../models/conflicts/rebuild-index.js';
import { checkConflicts } from '../../models/conflicts/check-conflicts.js';
import { indexCollection, STOP_GRAM_SIZE } from '../../models/conflicts/keys/conflict-index.js';
import { ConflictIndexModel } from '../../models/conflicts/keys/conflict-index.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { LedgerEntryModel } from '../../models/customers/ledger-entry.model.js';
import { createCustomer } from '../../models/customers/use-cases/create-customer.js';
import { parseCompanyName } from '../../models/conflicts/keys/company-name.js';
import { bucketOf, exactSoundTerms, nameTerms } from '../../models/conflicts/keys/index-terms.js';
import { useTestDatabase } from '../support/database.js';
import { systemContext } from '../support/factories.js';

useTestDatabase();

const now = new Date('2026-03-02T02:00:00Z');
const namesOf = async (query: Parameters<typeof checkConflicts>[0]) =>
  (await checkConflicts(query, systemContext(now))).matches.map((m) => m.name);

describe('the conflict index', () => {
  it('when customers are created, then their index entries are _id-keyed documents the check reads without touching other customers', async () => {
    await createCustomer(
      { customer: { name: '西安恒通达物流有限公司', phones: ['029-88886666'], boss: '杜子腾' }, into: 'public' },
      systemContext(now),
    );

    const grams = await ConflictIndexModel.find({ _id: { $in: ['g:恒通', 'g:通达', 'g:恒达'] } }).lean();
    expect(grams.map((g) => g._id).sort()).toEqual(['g:恒达', 'g:恒通', 'g:通达']);
    expect(grams.every((g) => g.e.length === 1 && g.e[0]!.endsWith('恒通达'))).toBe(true);
    expect(await namesOf({ phones: ['(029) 8888-6666'] })).toEqual(['西安恒通达物流有限公司']);
    expect(await namesOf({ name: '恒达通物流' })).toEqual(['西安恒通达物流有限公司']);
  });

  it('when index entries are stale (the customer changed behind its back), then the check verifies against the customer and drops them', async () => {
    const customer = await createCustomer(
      { customer: { name: '兰州金鼎盛贸易有限公司', phones: ['13512345678'] }, into: 'public' },
      systemContext(now),
    );
    await CustomerModel.updateOne({ _id: customer._id }, { $set: { name: '兰州祥隆商贸有限公司', phones: [] } });

    expect(await namesOf({ name: '金鼎盛贸易' })).toEqual([]);
    expect(await namesOf({ phones: ['13512345678'] })).toEqual([]);
  });

  it('when the index is lost, then a rebuild restores every match', async () => {
    await createCustomer(
      { customer: { name: '贵阳云海智慧数据有限公司', boss: '罗敏' }, into: 'public' },
      systemContext(now),
    );
    await indexCollection().deleteMany({});
    expect(await namesOf({ name: '云海智慧' })).toEqual([]);

    const report = await rebuildConflictIndex();

    expect(report.customers).toBe(await CustomerModel.countDocuments());
    expect(await namesOf({ name: '贵州省贵阳市云海智慧数据有限公司' })).toContain('贵阳云海智慧数据有限公司');
    expect(await namesOf({ boss: '罗敏' })).toContain('贵阳云海智慧数据有限公司');
  });

  it('when a character pair is held by more customers than the stop size, then it becomes a stop gram and those customers are still found by their own names', async () => {
    const pool = [...'安邦泰康瑞博智联创源远天海云锦金银星辰佳美优嘉润丰利腾飞翔宇航中正和合德诚福祥隆昌兴旺明光东方'];
    const names = Array.from(
      { length: STOP_GRAM_SIZE + 10 },
      (_, i) =>
        `华信${pool[i % pool.length]}${pool[Math.floor(i / pool.length) % pool.length]}${Math.floor(i / (pool.length * pool.length))}`,
    );
    const ids = await insertPublicCustomers(
      names.map((name) => ({ name: `${name}科技有限公司` })),
      systemContext(now),
    );
    expect(ids.every(Boolean)).toBe(true);
    expect(await LedgerEntryModel.countDocuments({ customerId: { $in: ids }, action: 'create' })).toBe(ids.length);

    const stop = await ConflictIndexModel.findById('g:华信').lean();
    expect(stop).toMatchObject({ stop: true, e: [] });
    expect(await namesOf({ name: `${names[1234]!}科技有限公司` })).toContain(`${names[1234]!}科技有限公司`);
  });

  it('when the index was written before fuzzy sound keys (exact sounds only), then a homophone is still found, and a fuzzy sound is once it is rebuilt', async () => {
    const customer = await createCustomer(
      { customer: { name: '杭州宏昌盛和贸易有限公司' }, into: 'public' },
      systemContext(now),
    );
    // 宏长胜和 reads hong-chang-sheng-he like 宏昌盛和 and shares no character pair with it: only its sound finds it.
    // Written the way the index was before: the exact sound instead of the fuzzy one.
    const id = customer._id.toHexString();
    const parsed = parseCompanyName(customer.name);
    const [fuzzyKeys, exactKeys] = [nameTerms(parsed, 'primary').sounds, exactSoundTerms(parsed)];
    expect(fuzzyKeys.filter((k) => exactKeys.includes(k))).toEqual([]);
    for (const [n, key] of fuzzyKeys.entries()) {
      await ConflictIndexModel.updateOne(
        { _id: bucketOf(key) },
        { $pull: { e: `${id}${key}` }, $set: { r: `old-${n}` } },
      );
    }
    for (const [n, key] of exactKeys.entries()) {
      await ConflictIndexModel.updateOne(
        { _id: bucketOf(key) },
        { $addToSet: { e: `${id}${key}` }, $set: { r: `older-${n}` } },
        { upsert: true },
      );
    }

    expect(await namesOf({ name: '杭州宏长胜和贸易有限公司' })).toContain('杭州宏昌盛和贸易有限公司');
    // 宏厂森和 (hong-chang-sen-he) needs the fuzzy key, which only a rebuild writes for this customer.
    expect(await namesOf({ name: '杭州宏厂森和贸易有限公司' })).not.toContain('杭州宏昌盛和贸易有限公司');
    await rebuildConflictIndex();
    expect(await namesOf({ name: '杭州宏厂森和贸易有限公司' })).toContain('杭州宏昌盛和贸易有限公司');
  });
});
