import mongoose from 'mongoose';

// Documents of every BSON type the product stores (and a few it may), under every kind of _id, for the embedded
// server's storage-format tests. tests/embedded-db/fixtures/legacy-format.h2 holds exactly these, written by the
// launcher of commit ab82856 (documents Java-serialized by H2's ObjectDataType) with make-legacy-fixture.ts.

const { ObjectId, Decimal128, Binary, Long, Double, Int32, BSONRegExp, Timestamp, UUID } = mongoose.mongo;

export const STORED_COUNT = 150;

/** The i-th stored document: deterministic, so a test can compare what it reads with what was written. */
export function storedDocument(i: number): Record<string, unknown> {
  const day = new Date(Date.UTC(2026, 0, 1) + i * 3_600_000);
  return {
    _id: new ObjectId((0x65000000 + i).toString(16).padStart(8, '0') + 'a1b2c3d4e5f6a7b8'.slice(0, 16)),
    name: `存档客户${i}有限公司`,
    seq: i,
    bigSeq: Long.fromNumber(10_000_000_000 + i),
    score: new Double(i + 0.5),
    ratio: new Int32(i % 7),
    active: i % 2 === 0,
    ownerId: i % 3 === 0 ? null : new ObjectId((0x66000000 + (i % 20)).toString(16).padStart(24, '0')),
    poolState: ['private', 'public', 'staked'][i % 3],
    protectedUntil: day,
    amount: Decimal128.fromString(`${i}.25`),
    avatar: new Binary(Buffer.from([i % 256, 1, 2, 3])),
    token: new UUID(`0000${(i % 10_000).toString().padStart(4, '0')}-1111-4222-8333-444455556666`),
    pattern: new BSONRegExp(`^客户${i}`, 'i'),
    stamp: new Timestamp({ t: 1_700_000_000 + i, i: 1 }),
    tags: i % 4 === 0 ? [] : ['重点', `tag${i % 5}`],
    history: [
      { stage: 'lead', at: day, by: `rep${i % 20}` },
      { stage: 'deal', at: new Date(day.getTime() + 86_400_000), nested: { deep: [1, [2, 3], { x: 'y' }] } },
    ],
    profile: { industry: '制造', region: { province: '广东', city: '深圳' }, empty: {} },
    text: 'x'.repeat(i % 50) + '\u{1F600}é',
  };
}

/** Small collections keyed by the other _id kinds a collection may use. */
export const otherKeys = {
  strings: [
    { _id: 'alpha', v: 1 },
    { _id: 'beta', v: 2 },
    { _id: '客户', v: 3 },
  ],
  numbers: [
    { _id: 1, v: 'int' },
    { _id: Long.fromNumber(2 ** 40), v: 'long' },
    { _id: 2.5, v: 'double' },
  ],
  compound: [
    { _id: { rep: 'rep1', day: '2026-01-01' }, n: 1 },
    { _id: { rep: 'rep2', day: '2026-01-02' }, n: 2 },
  ],
};
