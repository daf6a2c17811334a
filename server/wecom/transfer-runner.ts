import type { Config } from '../../config/config.js';
import type { Logger } from '../../config/logger.js';
import type { AppError } from '../../models/shared/app-error.js';
import { isAppError } from '../../models/shared/app-error.js';
import type { DomainContext } from '../../models/shared/domain-context.js';
import { HOUR, type Clock } from '../../models/shared/clock.js';
import {
  WecomTransferModel,
  type TransferKind,
  type WecomTransfer,
} from '../../models/handovers/wecom-transfer.model.js';
import { markQuotaExhausted, releaseTransferSlot, reserveTransferSlot } from '../../models/handovers/transfer-quota.js';
import { settleTransfer, type TransferOutcome } from '../../models/handovers/transfer-settle.js';
import { isRetryableWecomError, wecomError } from './wecom-errors.js';
import type { WecomClient } from './wecom.client.js';

// Drives recorded WeCom transfers: starts pending ones (transfer_customer for 在职继承,
// resigned/transfer_customer for 离职继承; 100 customers a call) within WeCom's 2-per-90-days limit,
// and polls transfer_result until each is settled. Both are safe to repeat: a WeCom outage leaves
// transfers pending or waiting for the next run.

export interface TransferDeps {
  wecom: WecomClient;
  config: Config;
  clock: Clock;
  log: Logger;
}

/** A waiting transfer WeCom never lists is given up after this long (WeCom settles within 24 h). */
const NO_RECORD_AFTER_MS = 72 * HOUR;

const groupKey = (t: Pick<WecomTransfer, 'kind' | 'handoverUserId' | 'takeoverUserId'>) =>
  `${t.kind}|${t.handoverUserId}|${t.takeoverUserId}`;

function contextOf(deps: TransferDeps): DomainContext {
  return { actor: { kind: 'wecom', name: 'inheritance' }, now: deps.clock.now(), config: deps.config };
}

function groups(transfers: WecomTransfer[]): WecomTransfer[][] {
  const byKey = new Map<string, WecomTransfer[]>();
  for (const transfer of transfers) {
    byKey.set(groupKey(transfer), [...(byKey.get(groupKey(transfer)) ?? []), transfer]);
  }
  return [...byKey.values()];
}

export interface StartSummary {
  started: number;
  quota: number;
  failed: number;
  deferred: number;
}

/** Starts pending transfers (all, or the given ones). */
export async function startPendingTransfers(deps: TransferDeps, transferIds?: string[]): Promise<StartSummary> {
  const summary: StartSummary = { started: 0, quota: 0, failed: 0, deferred: 0 };
  const pending = await WecomTransferModel.find({
    status: 'pending',
    ...(transferIds ? { _id: { $in: transferIds } } : {}),
  })
    .sort({ requestedAt: 1 })
    .lean<WecomTransfer[]>();
  for (const group of groups(pending)) {
    for (let i = 0; i < group.length; i += 100) {
      await startChunk(deps, group.slice(i, i + 100), summary);
    }
  }
  return summary;
}

async function settle(
  deps: TransferDeps,
  transfer: WecomTransfer,
  status: TransferOutcome,
  extra: { errcode?: number; reason?: string; at?: Date; wecomStatus?: number } = {},
): Promise<void> {
  await settleTransfer(
    { transferId: String(transfer._id), status, at: extra.at ?? deps.clock.now(), ...extra },
    contextOf(deps),
  );
}

/** Per customer of WeCom's answer: started (waiting), out of quota, or failed with its reason. */
async function recordStartAnswers(
  deps: TransferDeps,
  ready: WecomTransfer[],
  answer: { customer: { external_userid: string; errcode: number }[] },
  summary: StartSummary,
  now: Date,
): Promise<void> {
  const byCustomer = new Map(answer.customer.map((c) => [c.external_userid, c.errcode]));
  for (const transfer of ready) {
    const errcode = byCustomer.get(transfer.externalUserId) ?? -1;
    // 40129 "already transferring": our own earlier attempt whose answer was lost, most likely.
    if (errcode === 0 || errcode === 40129) {
      await WecomTransferModel.updateOne(
        { _id: transfer._id, status: 'pending' },
        { $set: { status: 'waiting', startedAt: now, errcode } },
      );
      summary.started += 1;
      continue;
    }
    if (errcode === 40128) {
      await markQuotaExhausted(transfer.externalUserId, now);
      await settle(deps, transfer, 'quota', { errcode });
      summary.quota += 1;
      continue;
    }
    await releaseTransferSlot(transfer.externalUserId, String(transfer._id));
    await settle(deps, transfer, 'failed', { errcode, reason: wecomError(errcode, '', 'transfer_customer').message });
    summary.failed += 1;
  }
}

async function startChunk(deps: TransferDeps, chunk: WecomTransfer[], summary: StartSummary): Promise<void> {
  const now = deps.clock.now();
  const ready: WecomTransfer[] = [];
  for (const transfer of chunk) {
    if (await reserveTransferSlot(transfer.externalUserId, String(transfer._id), now)) {
      ready.push(transfer);
    } else {
      await settle(deps, transfer, 'quota', { errcode: 40128 });
      summary.quota += 1;
    }
  }
  if (ready.length === 0) {
    return;
  }
  const { kind, handoverUserId, takeoverUserId } = ready[0]!;
  const request = { handoverUserId, takeoverUserId, externalUserIds: ready.map((t) => t.externalUserId) };
  let answer;
  try {
    answer =
      kind === 'resigned'
        ? await deps.wecom.resignedTransferCustomer(request)
        : await deps.wecom.transferCustomer(request);
  } catch (error) {
    if (isRetryableWecomError(error)) {
      deps.log.warn('transfers deferred: WeCom unavailable', { error, count: ready.length });
      summary.deferred += ready.length;
      return; // slots stay taken under these transfer ids; the retry reuses them
    }
    for (const transfer of ready) {
      await releaseTransferSlot(transfer.externalUserId, String(transfer._id));
      await settle(deps, transfer, 'failed', {
        errcode: Number((error as AppError).details?.errcode ?? 0),
        reason: isAppError(error) ? error.message : String(error),
      });
      summary.failed += 1;
    }
    return;
  }
  await recordStartAnswers(deps, ready, answer, summary, now);
}

const outcomeOfStatus: Record<number, TransferOutcome> = { 1: 'done', 3: 'refused', 4: 'takeover-full', 5: 'failed' };

/** Asks WeCom how waiting transfers ended (transfer_result, paged) and settles the decided ones. */
export async function pollTransferResults(deps: TransferDeps): Promise<{ settled: number; waiting: number }> {
  const waiting = await WecomTransferModel.find({ status: 'waiting' }).lean<WecomTransfer[]>();
  let settled = 0;
  for (const group of groups(waiting)) {
    const { kind, handoverUserId, takeoverUserId } = group[0]!;
    let statuses: Map<string, { status: number; takeoverTime: number }>;
    try {
      statuses = await results(deps.wecom, kind, handoverUserId, takeoverUserId);
    } catch (error) {
      deps.log.warn('could not read transfer results', { error, handoverUserId, takeoverUserId });
      continue;
    }
    for (const transfer of group) {
      const row = statuses.get(transfer.externalUserId);
      const outcome = row ? outcomeOfStatus[row.status] : undefined;
      const startedAt = transfer.startedAt ?? transfer.requestedAt;
      if (outcome) {
        const at = row!.takeoverTime > 0 ? new Date(row!.takeoverTime * 1000) : deps.clock.now();
        await settle(deps, transfer, outcome, {
          wecomStatus: row!.status,
          at,
          ...(outcome === 'failed' ? { reason: '企业微信无此转接记录' } : {}),
        });
        settled += 1;
      } else if (!row && deps.clock.now().getTime() - startedAt.getTime() > NO_RECORD_AFTER_MS) {
        await settle(deps, transfer, 'failed', { reason: '企业微信无此转接记录' });
        settled += 1;
      }
    }
  }
  return { settled, waiting: waiting.length - settled };
}

async function results(
  wecom: WecomClient,
  kind: TransferKind,
  handoverUserId: string,
  takeoverUserId: string,
): Promise<Map<string, { status: number; takeoverTime: number }>> {
  const statuses = new Map<string, { status: number; takeoverTime: number }>();
  let cursor = '';
  do {
    const page =
      kind === 'resigned'
        ? await wecom.resignedTransferResult({ handoverUserId, takeoverUserId, cursor })
        : await wecom.transferResult({ handoverUserId, takeoverUserId, cursor });
    for (const row of page.customer ?? []) {
      statuses.set(row.external_userid, { status: row.status, takeoverTime: row.takeover_time ?? 0 });
    }
    cursor = page.next_cursor ?? '';
  } while (cursor);
  return statuses;
}
