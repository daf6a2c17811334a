import { duplicateFlagStatuses, type DuplicateFlagStatus } from '../../models/conflicts/duplicate-flag.model.js';
import {
  keepFlaggedPairApart,
  listDuplicateFlags,
  mergeFlaggedPair,
  type DuplicateFlagView,
} from '../../models/conflicts/merge/duplicate-review.js';
import { mergeChosenCustomers } from '../../models/conflicts/merge/merge-chosen.js';
import type { MergeOutcome } from '../../models/conflicts/merge/merge-customers.js';
import { EmployeeModel } from '../../models/org/employee.model.js';
import { isAppError } from '../../models/shared/app-error.js';
import type { DomainContext } from '../../models/shared/domain-context.js';
import type { CliCommand, CliContext } from './commands.js';
import { writeOut } from './output.js';

// `npm run cli -- duplicates list|merge|keep`: the review of 疑似重复 pairs from a terminal. A decision
// is made by a named member (--as <userid>): the permission policy decides as it does in the console,
// and the ledger says who merged.

const USAGE =
  'duplicates list [--status open|merged|kept] [--json] | duplicates merge <flagId> [--into <customerId>] --as <userid> | duplicates keep <flagId> --as <userid> | duplicates merge-customers <customerId> --into <customerId> --reason <text> --as <userid>';

const option = (args: string[], name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

async function actingAs(args: string[], { config, clock }: CliContext): Promise<DomainContext | null> {
  const userId = option(args, '--as');
  const employee = userId ? await EmployeeModel.findOne({ userId }, { role: 1 }).lean() : null;
  if (!employee) {
    console.error(userId ? `no employee with userid ${userId}` : 'a decision needs --as <userid> (the ops member)');
    return null;
  }
  return { actor: { kind: 'employee', employeeId: employee._id, role: employee.role }, now: clock.now(), config };
}

const sideLine = (s: DuplicateFlagView['customer']) =>
  s ? `${s.name}（${s.id}${s.owner ? `，${s.owner}` : ''}）` : '（已不存在）';

async function list(args: string[], ctx: CliContext): Promise<number> {
  const status = (option(args, '--status') ?? 'open') as DuplicateFlagStatus;
  if (!duplicateFlagStatuses.includes(status)) {
    console.error(`--status must be one of ${duplicateFlagStatuses.join(', ')}`);
    return 2;
  }
  // Listing is a review step too: as the named member, or as the system when none is named.
  const as = option(args, '--as') ? await actingAs(args, ctx) : null;
  const domain = as ?? {
    actor: { kind: 'system' as const, name: 'cli duplicates' },
    now: ctx.clock.now(),
    config: ctx.config,
  };
  const { total, flags } = await listDuplicateFlags({ status, page: 1, pageSize: 100 }, domain);
  if (args.includes('--json')) {
    await writeOut(`${JSON.stringify({ total, flags }, null, 2)}\n`);
    return 0;
  }
  const lines = flags.map((f) => `${f.id}  ${sideLine(f.customer)} ↔ ${sideLine(f.candidate)}：${f.reason}`);
  await writeOut(`${[`疑似重复（${status}）共 ${total} 对：`, ...lines].join('\n')}\n`);
  return 0;
}

const positional = (args: string[]) => args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));

/**
 * A decision made as the member named with --as, once every id it needs is given: its line on stdout (exit 0),
 * a refusal on stderr (1), missing arguments (2).
 */
async function asMember(
  args: string[],
  ctx: CliContext,
  ids: (string | undefined)[],
  decision: (domain: DomainContext) => Promise<string>,
): Promise<number> {
  if (ids.some((id) => !id)) {
    console.error(`usage: npm run cli -- ${USAGE}`);
    return 2;
  }
  const domain = await actingAs(args, ctx);
  if (!domain) {
    return 2;
  }
  try {
    await writeOut(await decision(domain));
    return 0;
  } catch (error) {
    if (!isAppError(error)) throw error;
    console.error(`${error.code}: ${error.message}`);
    return 1;
  }
}

function decide(verb: 'merge' | 'keep', args: string[], ctx: CliContext): Promise<number> {
  const flagId = positional(args);
  return asMember(args, ctx, [flagId], async (domain) => {
    if (verb === 'keep') {
      await keepFlaggedPairApart({ flagId: flagId! }, domain);
      return `已保留两者：${flagId} 不会再被标记为疑似重复\n`;
    }
    // Without --into the customer that was there first (the candidate) survives.
    return mergedLine(await mergeFlaggedPair({ flagId: flagId!, survivorId: option(args, '--into') }, domain));
  });
}

const mergedLine = (o: MergeOutcome) =>
  `已合并：${o.absorbedId} → ${o.survivorId}${o.tookOver ? '（负责人随之转入）' : ''}${o.resumed ? '（续完上次未完成的合并）' : ''}\n`;

/** Two customers ops picked, flagged or not: `merge-customers <absorbed> --into <survivor> --reason …`. */
function mergeChosen(args: string[], ctx: CliContext): Promise<number> {
  const absorbedId = positional(args);
  const survivorId = option(args, '--into');
  return asMember(args, ctx, [absorbedId, survivorId], async (domain) =>
    mergedLine(
      await mergeChosenCustomers(
        { survivorId: survivorId!, absorbedId: absorbedId!, reason: option(args, '--reason') ?? '' },
        domain,
      ),
    ),
  );
}

export const duplicatesCommand: CliCommand = {
  name: 'duplicates',
  usage: 'duplicates list|merge|keep|merge-customers',
  summary: `review 疑似重复 pairs: ${USAGE}`,
  async run(args, ctx) {
    const [verb, ...rest] = args;
    if (verb === 'list') return list(rest, ctx);
    if (verb === 'merge' || verb === 'keep') return decide(verb, rest, ctx);
    if (verb === 'merge-customers') return mergeChosen(rest, ctx);
    console.error(`usage: npm run cli -- ${USAGE}`);
    return 2;
  },
};
