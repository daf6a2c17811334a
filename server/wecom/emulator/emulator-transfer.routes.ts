import Router from '@koa/router';
import type { Context } from 'koa';
import { answer } from './emulator-contact.routes.js';
import type { EmulatorState } from './emulator-state.js';
import { decodeCursor, encodeCursor, str, strings } from './emulator-values.js';

// The emulated transfer APIs of 客户联系: 在职继承 and 离职继承 with their results, and the
// customers of members who left (server/wecom/README.md §3.2).

type BodyOf = (ctx: Context) => Record<string, unknown>;

/** transfer_customer (在职) and resigned/transfer_customer (离职): per customer, WeCom's errcode. */
const startTransfers = (state: EmulatorState, bodyOf: BodyOf, kind: 'onjob' | 'resigned') => (ctx: Context) => {
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

/** transfer_result: how each transfer between two members stands, 1000 a page. */
const transferResults = (state: EmulatorState, bodyOf: BodyOf, kind: 'onjob' | 'resigned') => (ctx: Context) => {
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

/** get_unassigned_list: customers of members who left, not being transferred yet. */
const unassignedCustomers = (state: EmulatorState, bodyOf: BodyOf) => (ctx: Context) => {
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
};

export function transferRoutes(state: EmulatorState, bodyOf: BodyOf): Router {
  const router = new Router({ prefix: '/cgi-bin/externalcontact' });
  router.post('/transfer_customer', startTransfers(state, bodyOf, 'onjob'));
  router.post('/transfer_result', transferResults(state, bodyOf, 'onjob'));
  router.post('/resigned/transfer_customer', startTransfers(state, bodyOf, 'resigned'));
  router.post('/resigned/transfer_result', transferResults(state, bodyOf, 'resigned'));
  router.post('/get_unassigned_list', unassignedCustomers(state, bodyOf));
  return router;
}
