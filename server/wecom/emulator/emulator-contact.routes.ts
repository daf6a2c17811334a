import Router from '@koa/router';
import type { Context } from 'koa';
import type { EmulatorState } from './emulator-state.js';
import { decodeCursor, encodeCursor, str, strings } from './emulator-values.js';

// The emulated 客户联系 APIs: contacts, follow users, cursors, transfers (server/wecom/README.md §3.2).

type Body = Record<string, unknown>;

export function answer(ctx: Context, body: Record<string, unknown> = {}, errcode = 0): void {
  ctx.status = 200;
  ctx.body = { errcode, errmsg: errcode === 0 ? 'ok' : `emulated error ${errcode}`, ...body };
}

/** externalcontact/get: the customer and its follow users, 500 a page. */
function contactDetail(state: EmulatorState) {
  return (ctx: Context) => {
    const contact = state.contacts.get(str(ctx.query.external_userid));
    if (!contact) {
      return answer(ctx, {}, 40096);
    }
    const offset = decodeCursor(ctx.query.cursor);
    if (offset === null) {
      return answer(ctx, {}, 40058);
    }
    // WeCom pages follow_user by 500.
    const follows = [...contact.follows.values()].map(({ deletedByCustomer: _d, ...f }) => f);
    const page = follows.slice(offset, offset + 500);
    answer(ctx, {
      external_contact: contact.profile,
      follow_user: page,
      ...(offset + 500 < follows.length ? { next_cursor: encodeCursor(offset + 500) } : {}),
    });
  };
}

/** externalcontact/batch/get_by_user: the members' customers, paged. */
function contactsByUser(state: EmulatorState, bodyOf: (ctx: Context) => Body) {
  return (ctx: Context) => {
    const body = bodyOf(ctx);
    const userIds = strings(body.userid_list);
    const limit = body.limit === undefined ? 50 : Number(body.limit);
    const offset = decodeCursor(body.cursor);
    if (!userIds || userIds.length === 0 || userIds.length > 100 || !(limit >= 1 && limit <= 100) || offset === null) {
      return answer(ctx, {}, 40058);
    }
    const pairs = state.followsOf(userIds);
    const page = pairs.slice(offset, offset + limit);
    answer(ctx, {
      external_contact_list: page.map(({ contact, follow }) => {
        const { tags, deletedByCustomer: _d, ...info } = follow;
        return {
          external_contact: contact.profile,
          follow_info: { ...info, tag_id: (tags ?? []).map((t) => t.tag_id).filter(Boolean) },
        };
      }),
      next_cursor: offset + limit < pairs.length ? encodeCursor(offset + limit) : '',
    });
  };
}

export function contactRoutes(state: EmulatorState, bodyOf: (ctx: Context) => Body): Router {
  const router = new Router({ prefix: '/cgi-bin/externalcontact' });

  router.get('/get_follow_user_list', (ctx) => {
    answer(ctx, {
      follow_user: [...state.users.values()].filter((u) => u.customerContact && u.status === 1).map((u) => u.userid),
    });
  });

  router.get('/list', (ctx) => {
    const userId = str(ctx.query.userid);
    if (!state.users.has(userId)) {
      return answer(ctx, {}, 60111);
    }
    answer(ctx, { external_userid: state.followsOf([userId]).map((p) => p.contact.profile.external_userid) });
  });

  router.get('/get', contactDetail(state));
  router.post('/batch/get_by_user', contactsByUser(state, bodyOf));
  return router;
}
