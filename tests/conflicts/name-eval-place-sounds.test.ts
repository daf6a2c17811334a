import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { systemContext } from '../support/factories.js';
import { asCustomer, evalDecoys } from '../support/name-eval/eval-set.js';
import { formatChecks, measureChecks, seedCustomers } from '../support/name-eval/eval-run.js';
import { decoyTradeNames } from '../support/name-eval/held-out.js';
import { buildPlaceSoundSet, soundAlikePlaces } from '../support/name-eval/place-sounds-set.js';

// Place words that sound alike (tests/support/name-eval/place-sounds-set.ts): a pinyin slip inside the place
// word of a name is the same company; the same trade name after another real place read the same way
// (山西 / 陕西) is a different one. Places from faker's zh_CN lists, pairs found by their reading.

useTestDatabase();

const DECOYS = 5_000;
const now = new Date('2026-03-02T02:00:00Z');

beforeAll(async () => {
  await seedCustomers(evalDecoys(DECOYS).map(asCustomer), systemContext(now));
}, 600_000);

describe('place words that sound alike', () => {
  it('when a place word is mistyped by its sound, then the company is in the top 3; when another place sounds the same, then it is never "same"', async () => {
    expect(soundAlikePlaces().length, 'faker lists places that sound alike').toBeGreaterThan(0);
    const set = buildPlaceSoundSet(8803, 40, decoyTradeNames(DECOYS));
    const scores = await measureChecks(set, await seedCustomers(set.customers, systemContext(now)));
    console.info(
      `${formatChecks('place sounds', scores)}\n${scores.misses.join('\n')}\n${soundAlikePlaces()
        .map((p) => p.join('/'))
        .join(' ')}`,
    );
    for (const cls of scores.classes) {
      if (cls.cls.startsWith('≠')) {
        expect(cls.falseSame / cls.total, cls.cls).toBeLessThanOrEqual(0.05);
      } else {
        expect(cls.hits / cls.total, cls.cls).toBeGreaterThanOrEqual(0.9);
      }
    }
  }, 300_000);
});
