import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/database.js';
import { systemContext } from '../support/factories.js';
import { asCustomer, evalDecoys, type EvalSet } from '../support/name-eval/eval-set.js';
import { formatChecks, measureChecks, seedCustomers, type CheckScores } from '../support/name-eval/eval-run.js';
import { buildFuzzySoundSet } from '../support/name-eval/fuzzy-sounds-set.js';
import { decoyTradeNames } from '../support/name-eval/held-out.js';
import { buildPlaceSoundSet, soundAlikePlaces } from '../support/name-eval/place-sounds-set.js';

// Names that sound alike, from faker's zh_CN places and names (tests/support/name-eval/):
// - place words (place-sounds-set.ts): a pinyin slip inside the place word of a name is the same company; the
//   same trade name after another real place read the same way (山西 / 陕西) is a different one;
// - an input method's fuzzy sounds (fuzzy-sounds-set.ts): 智轩 for 志宣 is the same company, to be found; another
//   company whose name reads alike is listed at most, as is one whose two-character 字号 reads exactly alike in
//   the same city and trade (宏达 / 鸿达).

useTestDatabase();

const DECOYS = 5_000;
const now = new Date('2026-03-02T02:00:00Z');
const taken = decoyTradeNames(DECOYS);

beforeAll(async () => {
  await seedCustomers(evalDecoys(DECOYS).map(asCustomer), systemContext(now));
}, 600_000);

async function measured(part: string, set: EvalSet): Promise<CheckScores> {
  const scores = await measureChecks(set, await seedCustomers(set.customers, systemContext(now)));
  console.info(`${formatChecks(part, scores)}\n${scores.misses.join('\n')}`);
  for (const cls of scores.classes.filter((c) => !c.cls.startsWith('≠'))) {
    expect(cls.hits / cls.total, cls.cls).toBeGreaterThanOrEqual(0.9);
  }
  return scores;
}

const falseSame = (scores: CheckScores, cls: string) => {
  const score = scores.classes.find((c) => c.cls === cls)!;
  return score.falseSame / score.total;
};

describe('names that sound alike', () => {
  it('when a place word is mistyped by its sound, then the company is in the top 3; when another place sounds the same, then it is never "same"', async () => {
    expect(soundAlikePlaces().length, 'faker lists places that sound alike').toBeGreaterThan(0);
    const scores = await measured('place sounds', buildPlaceSoundSet(8803, 40, taken));
    console.info(
      soundAlikePlaces()
        .map((p) => p.join('/'))
        .join(' '),
    );
    expect(falseSame(scores, '≠ place-sounds-alike')).toBeLessThanOrEqual(0.05);
  }, 300_000);

  it('when a trade name is typed with fuzzy sounds, then the company is in the top 3; when another company reads alike, then it is never "same"', async () => {
    const scores = await measured('fuzzy sounds', buildFuzzySoundSet(8811, 40, taken));
    expect(falseSame(scores, '≠ fuzzy-alike')).toBe(0);
    // With the trades of GB/T 4754-2017 in the industry vocabulary (水产, 旅游发展), 源博水产 / 苑博水产 is a
    // two-character 字号 read alike: shown, never "same".
    expect(falseSame(scores, '≠ short-homophone')).toBe(0);
  }, 300_000);
});
