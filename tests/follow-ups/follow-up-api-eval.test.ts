import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactModel } from '../../models/customers/contact.model.js';
import type { FollowUpCheck } from '../../models/follow-ups/check-follow-up.js';
import { FollowUpModel } from '../../models/follow-ups/follow-up.model.js';
import { json, makeTeam, ownedCustomer, type Team } from '../support/api.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { useTestDatabase } from '../support/database.js';
import type { EvalNote } from './eval/eval-note.js';
import { heldOutHandWritten } from './eval/eval-sets.js';

// The hand-written held-out notes sent as a rep would send them: POST /api/follow-ups/check with the
// form's fields, the customer's stored contacts in the database and the previous note really saved.

useTestDatabase();
let app: TestApp;
let team: Team;
let plain: string;
beforeAll(async () => {
  app = await startTestApp();
  team = await makeTeam();
  plain = String((await ownedCustomer(app, team.rep))._id);
});
afterAll(() => app.close());

const post = (path: string, body: unknown) => app.as(team.rep)(path, { method: 'POST', json: body });

async function customerFor(note: EvalNote): Promise<string> {
  const { knownContactNames, previousContent } = note.context ?? {};
  if (!knownContactNames && !previousContent) return plain;
  const customer = await ownedCustomer(app, team.rep);
  for (const name of knownContactNames ?? []) await ContactModel.create({ customerId: customer._id, name });
  if (previousContent)
    await json(await post(`/api/customers/${String(customer._id)}/follow-ups`, { content: previousContent }), 201);
  return String(customer._id);
}

describe('POST /api/follow-ups/check on the hand-written held-out notes', () => {
  it('when each note is checked through the API, then ≥ 95 % of real notes pass and ≥ 95 % of gamed notes fail', async () => {
    const notes = heldOutHandWritten();
    let real = 0;
    let realOk = 0;
    let gamed = 0;
    let gamedOk = 0;
    const wrong: string[] = [];
    for (const note of notes) {
      const { contactName, nextStep, nextFollowUpAt } = note.context ?? {};
      const verdict = await json<FollowUpCheck>(
        await post('/api/follow-ups/check', {
          customerId: await customerFor(note),
          content: note.text,
          ...(contactName ? { contactName } : {}),
          ...(nextStep ? { nextStep } : {}),
          ...(nextFollowUpAt ? { nextFollowUpAt } : {}),
        }),
      );
      if (note.valid) real++;
      else gamed++;
      if (verdict.valid === note.valid) {
        if (note.valid) realOk++;
        else gamedOk++;
      } else wrong.push(`[${note.class}] ${note.text} → ${verdict.reasons.map((r) => r.code).join(',')}`);
      expect(verdict.reasons.every((r) => /\p{Script=Han}/u.test(r.message))).toBe(true);
    }
    expect(realOk / real, wrong.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(gamedOk / gamed, wrong.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('when the same customer gets invalid notes one after another through the API, then one record is kept and edited', async () => {
    const customerId = String((await ownedCustomer(app, team.rep))._id);
    const first = await json<{ followUp: { id: string; revised: boolean } }>(
      await post(`/api/customers/${customerId}/follow-ups`, { content: '继续跟进' }),
      201,
    );
    const second = await json<{ followUp: { id: string; revised: boolean; valid: boolean } }>(
      await post(`/api/customers/${customerId}/follow-ups`, { content: '王总说继续跟进，下周再联系看看情况怎么样吧' }),
      201,
    );
    expect(first.followUp.revised).toBe(false);
    expect(second.followUp).toMatchObject({ id: first.followUp.id, revised: true, valid: false });
    const stored = await FollowUpModel.find({ customerId }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ content: '王总说继续跟进，下周再联系看看情况怎么样吧', revisions: 1 });
  });
});
