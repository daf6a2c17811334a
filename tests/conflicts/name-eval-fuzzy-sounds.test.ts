import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { systemContext } from '../support/factories.js';
import { asCustomer, evalDecoys } from '../support/name-eval/eval-set.js';
import { formatChecks, measureChecks, seedCustomers } from '../support/name-eval/eval-run.js';
import { buildFuzzySoundSet } from '../support/name-eval/fuzzy-sounds-set.js';
import { decoyTradeNames } from '../support/name-eval/held-out.js';

// Trade names typed with an input method's fuzzy sounds on (tests/support/name-eval/fuzzy-sounds-set.ts):
// 智轩 for 志宣 is the same company, to be found; another company whose name reads alike is listed at most, as is
// one whose two-character 字号 reads exactly alike in the same city and trade (宏达 / 鸿达).

useTestDatabase();

const DECOYS = 5_000;
const now = new Date('2026-03-02T02:00:00Z');

beforeAll(async () => {
  await seedCustomers(evalDecoys(DECOYS).map(asCustomer), systemContext(now));
}, 600_000);

describe('fuzzy sounds of a pinyin input method', () => {
  it('when a trade name is typed with fuzzy sounds, then the company is in the top 3; when another company reads alike, then it is never "same"', async () => {
    const set = buildFuzzySoundSet(8811, 40, decoyTradeNames(DECOYS));
    const scores = await measureChecks(set, await seedCustomers(set.customers, systemContext(now)));
    console.info(`${formatChecks('fuzzy sounds', scores)}\n${scores.misses.join('\n')}`);
    for (const cls of scores.classes) {
      if (cls.cls === '≠ short-homophone') {
        // Left: faker's trades the industry vocabulary does not know (水产, 旅游发展), so that as far as the rules
        // can tell the homophone is in a four-character 字号 (源博水产 / 苑博水产), which is "same".
        expect(cls.falseSame / cls.total, cls.cls).toBeLessThanOrEqual(0.15);
      } else if (cls.cls.startsWith('≠')) {
        expect(cls.falseSame, cls.cls).toBe(0);
      } else {
        expect(cls.hits / cls.total, cls.cls).toBeGreaterThanOrEqual(0.9);
      }
    }
  }, 300_000);
});
