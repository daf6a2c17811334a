import Router from '@koa/router';
import type { Context } from 'koa';
import { answer } from './emulator-contact.routes.js';
import type { EmulatorMailbox } from './emulator-mailbox.js';
import type { EmulatorUser } from './emulator-corp.js';
import type { EmulatorState } from './emulator-state.js';
import { str } from './emulator-values.js';

// The emulated organisation, app-message and mini-program login APIs.

function publicUser({
  customerContact: _c,
  customerLimit: _l,
  dimissionTime: _d,
  ...user
}: EmulatorUser): Record<string, unknown> {
  return user;
}

/** A department and every department below it. */
function subtree(state: EmulatorState, rootId: number): Set<number> {
  const ids = new Set<number>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const dept of state.departments.values()) {
      if (ids.has(dept.parentid) && !ids.has(dept.id)) {
        ids.add(dept.id);
        grew = true;
      }
    }
  }
  return ids;
}

/** message/send: WeCom's checks on an app message, then the emulated members' mailbox. */
function sendMessage(
  state: EmulatorState,
  mailbox: EmulatorMailbox,
  bodyOf: (ctx: Context) => Record<string, unknown>,
) {
  return (ctx: Context) => {
    const body = bodyOf(ctx);
    if (body.agentid !== state.corp.agentId) {
      return answer(ctx, {}, 40056);
    }
    const msgtype = str(body.msgtype);
    const content = body[msgtype] as Record<string, unknown> | undefined;
    if (!['text', 'markdown', 'textcard', 'template_card'].includes(msgtype) || !content) {
      return answer(ctx, {}, 40058);
    }
    if ((msgtype === 'text' || msgtype === 'markdown') && Buffer.byteLength(str(content.content)) > 2048) {
      return answer(ctx, {}, 45002);
    }
    const recipients = str(body.touser).split('|').filter(Boolean);
    const valid = recipients.filter((id) => state.activeUser(id));
    const invalid = recipients.filter((id) => !state.activeUser(id));
    if (valid.length === 0) {
      return answer(ctx, { invaliduser: invalid.join('|') }, 81013);
    }
    const msgid = valid.map((id) => mailbox.receive(id, body))[0];
    answer(ctx, { invaliduser: invalid.join('|'), msgid });
  };
}

export function orgRoutes(
  state: EmulatorState,
  mailbox: EmulatorMailbox,
  bodyOf: (ctx: Context) => Record<string, unknown>,
): Router {
  const router = new Router({ prefix: '/cgi-bin' });

  router.get('/user/get', (ctx) => {
    const user = state.users.get(str(ctx.query.userid));
    if (!user || user.status === 5) {
      return answer(ctx, {}, 60111);
    }
    answer(ctx, publicUser(user));
  });

  router.get('/department/list', (ctx) => {
    const rootId = ctx.query.id ? Number(ctx.query.id) : undefined;
    if (rootId !== undefined && !state.departments.has(rootId)) {
      return answer(ctx, {}, 60003);
    }
    const ids = rootId === undefined ? null : subtree(state, rootId);
    answer(ctx, { department: [...state.departments.values()].filter((d) => !ids || ids.has(d.id)) });
  });

  router.get('/user/list', (ctx) => {
    const deptId = Number(ctx.query.department_id);
    if (!state.departments.has(deptId)) {
      return answer(ctx, {}, 60003);
    }
    const ids = ctx.query.fetch_child === '1' ? subtree(state, deptId) : new Set([deptId]);
    const users = [...state.users.values()].filter(
      (u) => u.status !== 5 && (u.department ?? []).some((d) => ids.has(d)),
    );
    answer(ctx, { userlist: users.map(publicUser) });
  });

  router.post('/message/send', sendMessage(state, mailbox, bodyOf));

  router.get('/miniprogram/jscode2session', (ctx) => {
    const code = str(ctx.query.js_code);
    const userId = state.loginCodes.get(code);
    if (!userId || ctx.query.grant_type !== 'authorization_code') {
      return answer(ctx, {}, 40029);
    }
    // A code works once.
    state.loginCodes.delete(code);
    answer(ctx, { corpid: state.corp.corpId, userid: userId, session_key: `sk-${code.slice(0, 8)}` });
  });

  return router;
}
