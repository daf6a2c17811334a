import Router from '@koa/router';
import type { Context } from 'koa';
import { decodeCursor, encodeCursor, str, type EmulatorState } from './emulator-state.js';

// The emulated 客户联系 APIs: contacts, follow users, cursors, transfers (server/wecom/README.md §3.2).

type Body = Record<string, unknown>;

export function answer(ctx: Context, body: Record<string, unknown> = {}, errcode = 0): void {
  ctx.status = 200;
  ctx.body = { errcode, errmsg: errcode === 0 ? 'ok' : `emulated error ${errcode}`, ...body };
}

function strings(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null;
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

  router.get('/get', (ctx) => {
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
  });

  router.post('/batch/get_by_user', (ctx) => {
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
  });

  const startTransfers = (kind: 'onjob' | 'resigned') => (ctx: Context) => {
    const body = bodyOf(ctx);
    const handover = str(body.handover_userid);
    const takeover = str(body.takeover_userid);
    const externals = strings(body.external_userid);
    if (!externals || externals.length === 0 || externals.length > 100) {
      return answer(ctx, {}, 40058);
    }
    const handoverUser = state.users.get(handover);
    if (!handoverUser || !state.activeUser(takeover)) {
      return answer(ctx, {}, 60111);
    }
    if (!state.activeUser(takeover)!.customerContact) {
      return answer(ctx, {}, 41054);
    }
    if (kind === 'resigned' && handoverUser.status !== 5) {
      return answer(ctx, {}, 40097);
    }
    if (kind === 'onjob' && handoverUser.status !== 1) {
      return answer(ctx, {}, 60111);
    }
    answer(ctx, {
      customer: externals.map((id) => ({
        external_userid: id,
        errcode: state.startTransfer(kind, handover, takeover, id),
      })),
    });
  };

  const transferResults = (kind: 'onjob' | 'resigned') => (ctx: Context) => {
    const body = bodyOf(ctx);
    const offset = decodeCursor(body.cursor);
    if (offset === null) {
      return answer(ctx, {}, 40058);
    }
    const rows = state.transfers.filter(
      (t) => t.kind === kind && t.handover === body.handover_userid && t.takeover === body.takeover_userid,
    );
    const page = rows.slice(offset, offset + 1000);
    answer(ctx, {
      customer: page.map((t) => ({
        external_userid: t.externalUserId,
        status: t.status,
        takeover_time: t.takeoverTime ?? 0,
      })),
      next_cursor: offset + 1000 < rows.length ? encodeCursor(offset + 1000) : '',
    });
  };

  router.post('/transfer_customer', startTransfers('onjob'));
  router.post('/transfer_result', transferResults('onjob'));
  router.post('/resigned/transfer_customer', startTransfers('resigned'));
  router.post('/resigned/transfer_result', transferResults('resigned'));

  router.post('/get_unassigned_list', (ctx) => {
    const body = bodyOf(ctx);
    const offset = decodeCursor(body.cursor);
    const size = body.page_size === undefined ? 1000 : Number(body.page_size);
    if (offset === null || !(size >= 1 && size <= 1000)) {
      return answer(ctx, {}, 40058);
    }
    const resigned = [...state.users.values()].filter((u) => u.status === 5);
    const rows = resigned.flatMap((u) =>
      state
        .followsOf([u.userid])
        .filter(
          ({ contact }) =>
            !state.transfers.some(
              (t) => t.externalUserId === contact.profile.external_userid && t.handover === u.userid && t.status === 2,
            ),
        )
        .map(({ contact }) => ({
          handover_userid: u.userid,
          external_userid: contact.profile.external_userid,
          dimission_time: u.dimissionTime ?? 0,
        })),
    );
    const page = rows.slice(offset, offset + size);
    const isLast = offset + size >= rows.length;
    answer(ctx, { info: page, is_last: isLast, next_cursor: isLast ? '' : encodeCursor(offset + size) });
  });

  return router;
}
