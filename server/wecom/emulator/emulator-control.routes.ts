import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { readRawBody } from '../../middleware/raw-body.js';
import type { WecomEmulator } from './wecom-emulator.js';

// Control endpoints of the emulator (not WeCom APIs), under /_emulator: the local-mode demo and the
// CLI use them to make "WeCom" do things — a rep adds a customer, time passes, a customer refuses.

const people = ['王磊', '李娜', '张伟', '刘洋', '陈静', '杨帆', '赵敏', '黄强', '周婷', '吴迪'];
const companies = [
  '北京星河数据科技有限公司',
  '上海明途智能制造有限公司',
  '深圳云帆网络科技有限公司',
  '杭州青禾电子商务有限公司',
  '广州瑞丰供应链管理有限公司',
  '成都锦程软件有限公司',
  '南京天衡医疗器械有限公司',
  '苏州恒远新材料股份有限公司',
];

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;

const newContact = z.object({
  userId: z.string().optional(),
  name: z.string().min(1).max(40).optional(),
  corpName: z.string().min(1).max(100).optional(),
  state: z.string().max(30).optional(),
});

const json = async (raw: Promise<string>): Promise<unknown> => {
  const text = await raw;
  return text ? JSON.parse(text) : {};
};

/** The demo corp as `npm run cli -- demo corp` shows it: departments and members. */
function corpView(emulator: WecomEmulator) {
  return {
    corpId: emulator.corp.corpId,
    departments: [...emulator.state.departments.values()],
    users: [...emulator.state.users.values()].map((u) => ({
      userid: u.userid,
      name: u.name,
      department: u.department,
      is_leader_in_dept: u.is_leader_in_dept,
      position: u.position,
      status: u.status,
    })),
  };
}

/** A (random, or the given) member adds a (random, or the given) customer. */
function addDemoContact(emulator: WecomEmulator) {
  return async (ctx: Context) => {
    const input = newContact.parse(await json(readRawBody(ctx, 16_384)));
    const reps = [...emulator.state.users.values()].filter((u) => u.status === 1 && u.customerContact);
    const userId = input.userId ?? pick(reps).userid;
    if (!emulator.state.activeUser(userId)) {
      ctx.status = 404;
      ctx.body = { error: `no active member ${userId}` };
      return;
    }
    const corpName = input.corpName ?? pick(companies);
    const result = await emulator.addExternalContact({
      userId,
      name: input.name ?? pick(people),
      corpName,
      type: 1,
      state: input.state ?? 'demo',
      remark: `${corpName}`,
    });
    ctx.body = { userId, corpName, ...result };
  };
}

export function controlRoutes(emulator: WecomEmulator): Router {
  const router = new Router({ prefix: '/_emulator' });
  router.get('/corp', (ctx) => {
    ctx.body = corpView(emulator);
  });
  router.post('/contacts', addDemoContact(emulator));

  router.post('/advance', async (ctx) => {
    const { hours } = z
      .object({
        hours: z
          .number()
          .positive()
          .max(24 * 365),
      })
      .parse(await json(readRawBody(ctx, 1024)));
    await emulator.advance(hours * 3600_000);
    ctx.body = { now: emulator.clock.now().toISOString() };
  });

  router.post('/users/resign', async (ctx) => {
    const { userId } = z.object({ userId: z.string().min(1) }).parse(await json(readRawBody(ctx, 1024)));
    if (!emulator.state.activeUser(userId)) {
      ctx.status = 404;
      ctx.body = { error: `no active member ${userId}` };
      return;
    }
    ctx.body = { userId, delivery: await emulator.resignUser(userId) };
  });

  router.post('/transfers/refuse', async (ctx) => {
    const { externalUserId } = z.object({ externalUserId: z.string() }).parse(await json(readRawBody(ctx, 1024)));
    ctx.body = { delivery: await emulator.refuseTransfer(externalUserId) };
  });

  router.get('/messages', (ctx) => {
    ctx.body = { delivered: emulator.mailbox.delivered, dropped: emulator.mailbox.dropped.length };
  });

  return router;
}
