import mongoose from 'mongoose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../config/logger.js';
import { ChatMessageModel } from '../../models/bots/chat-message.model.js';
import { COMPANY_SETTINGS_ID, CompanySettingsModel } from '../../models/org/company-settings.model.js';
import { CustomerModel } from '../../models/customers/customer.model.js';
import { startTestBot, type TestBot } from '../support/bot.js';
import { clearDatabase, useTestDatabase } from '../support/database.js';
import { makeEmployee } from '../support/factories.js';

useTestDatabase();

const SECRET = '我们下季度预算三百万，别告诉别人';
let t: TestBot;
let logLines: string[];

async function everythingStored(): Promise<string> {
  const db = mongoose.connection.db!;
  const dumps = await Promise.all(
    (await db.listCollections().toArray()).map(async ({ name }) =>
      JSON.stringify(await db.collection(name).find({}).toArray()),
    ),
  );
  return dumps.join('\n');
}

async function startBot(env: Record<string, string> = {}) {
  logLines = [];
  await makeEmployee({ userId: 'lisi', name: '李四' });
  t = await startTestBot(
    { BOT_ACCOUNT: 'rep', BOT_ACCOUNT_USER_ID: 'lisi', ...env },
    { log: createLogger('debug', {}, (line) => logLines.push(line)) },
  );
}

beforeEach(() => clearDatabase());
afterEach(() => t.stop());

describe('privacy of client chats', () => {
  it('when archiving is not enabled, then nothing of what a client wrote is stored or logged, yet the lead exists', async () => {
    await startBot();
    const client = t.client({ name: '林总', handle: 'wmLin000000001', corporation: '厦门林氏茶业有限公司' });

    await t.say(client, SECRET);
    await t.say(client, `${SECRET}（第二遍）`);

    expect(await CustomerModel.countDocuments({ name: '厦门林氏茶业有限公司' })).toBe(1);
    const stored = await everythingStored();
    expect(stored).not.toContain('预算三百万');
    expect(stored).not.toContain('别告诉别人');
    expect(await ChatMessageModel.countDocuments({})).toBe(0);
    expect(logLines.join('\n')).not.toContain('预算三百万');
    expect(logLines.join('\n')).toContain('conversation lead');
  });

  it('when the company enables archiving, then each client message is stored once, linked to its customer', async () => {
    await startBot();
    await CompanySettingsModel.create({ _id: COMPANY_SETTINGS_ID, botArchiveChats: true });
    const client = t.client({ name: '林总', handle: 'wmLin000000002', corporation: '厦门林氏茶业有限公司' });

    await t.say(client, '第一条');
    await t.say(client, SECRET);

    const archived = await ChatMessageModel.find({}).sort({ text: 1 }).lean();
    expect(archived.map((m) => m.text).sort()).toEqual([SECRET, '第一条'].sort());
    const customer = await CustomerModel.findOne({ name: '厦门林氏茶业有限公司' }).lean();
    expect(archived.every((m) => m.direction === 'in' && m.contactKey === 'ext:wmLin000000002')).toBe(true);
    expect(String(archived.find((m) => m.text === SECRET)!.customerId)).toBe(String(customer!._id));
  });

  it('when BOT_ARCHIVE_CHATS is on but the company turned archiving off, then the company setting wins', async () => {
    await startBot({ BOT_ARCHIVE_CHATS: 'true' });
    await CompanySettingsModel.create({ _id: COMPANY_SETTINGS_ID, botArchiveChats: false });
    const client = t.client({ name: '何总', handle: 'wmHe0000000001' });

    await t.say(client, SECRET);

    expect(await ChatMessageModel.countDocuments({})).toBe(0);
    expect(await everythingStored()).not.toContain('预算三百万');
  });
});
