import { ContactModel, type Contact } from '../../../models/customers/contact.model.js';
import { EmployeeModel, type Employee } from '../../../models/org/employee.model.js';
import { recordContactLoss } from '../../../models/wecom/contact-loss.js';
import { upsertWecomContact } from '../../../models/wecom/upsert-contact.js';
import { recordWecomLead } from '../../../models/leads/wecom-lead.js';
import { contactSnapshot } from '../contact-snapshot.js';
import type { TransferDeps } from '../transfer-runner.js';

// Re-sync of customer contacts: every follow user's customers, paged through batch/get_by_user, are
// compared with our copy. A relation we never heard of (a lost add callback) is recorded and becomes
// a lead like a live add would; a contact still without a customer (its rep's pool was full) gets
// another try; a relation WeCom no longer lists (a lost delete callback) is recorded as ended.

export interface ContactReport {
  followUsers: number;
  relationsSeen: number;
  relationsAdded: number;
  relationsEnded: number;
  contactsCreated: number;
  leads: { created: number; attached: number; poolFull: number };
}

const relationKey = (externalUserId: string, userId: string) => `${externalUserId}|${userId}`;

type ResyncOptions = { dryRun: boolean; startedAt: Date; errors: { item: string; message: string }[] };
type Page = Awaited<ReturnType<TransferDeps['wecom']['batchGetByUser']>>;
type Listed = Page['external_contact_list'][number];
type ResyncContext = {
  actor: { kind: 'system'; name: string };
  now: Date;
  config: TransferDeps['config'];
  employees: Map<string, Employee>;
};

/** One listed relation: recorded if new, and a lead for its rep while no customer holds the contact. */
async function resyncRelation(listed: Listed, key: string, ctx: ResyncContext, report: ContactReport) {
  const { external_contact: profile, follow_info: follow } = listed;
  const snapshot = contactSnapshot(profile, [follow]);
  const change = await upsertWecomContact(snapshot, ctx.now, { complete: false });
  report.contactsCreated += change.created ? 1 : 0;
  const added = change.addedUserIds.includes(follow.userid);
  report.relationsAdded += added ? 1 : 0;
  const rep = ctx.employees.get(follow.userid);
  if (rep && rep.status === 'active' && !change.contact.customerId && (added || !change.contact.lostAt)) {
    const lead = await recordWecomLead(
      { contact: change.contact, snapshot, rep, state: follow.state ?? '', messageKey: `resync:${key}` },
      ctx,
    );
    if (lead.kind === 'created') {
      report.leads.created += 1;
    } else if (lead.kind === 'attached') {
      report.leads.attached += 1;
    } else if (lead.kind === 'pool-full') {
      report.leads.poolFull += 1;
    }
  }
}

/** Pages through the follow users' customers (100 members at a time); returns the relations seen. */
async function resyncListedRelations(
  deps: TransferDeps,
  followUsers: string[],
  options: ResyncOptions,
  ctx: ResyncContext,
  report: ContactReport,
): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < followUsers.length; i += 100) {
    const userIds = followUsers.slice(i, i + 100);
    let cursor = '';
    do {
      const page = await deps.wecom.batchGetByUser(userIds, cursor, 100);
      for (const listed of page.external_contact_list) {
        const key = relationKey(listed.external_contact.external_userid, listed.follow_info.userid);
        seen.add(key);
        report.relationsSeen += 1;
        try {
          if (options.dryRun) {
            const known = await ContactModel.exists({
              externalUserId: listed.external_contact.external_userid,
              followUsers: { $elemMatch: { userId: listed.follow_info.userid, removedAt: null } },
            });
            report.relationsAdded += known ? 0 : 1;
            continue;
          }
          await resyncRelation(listed, key, ctx, report);
        } catch (error) {
          options.errors.push({ item: `contact ${key}`, message: String(error) });
        }
      }
      cursor = page.next_cursor;
    } while (cursor);
  }
  return seen;
}

/**
 * Relations we hold as active that WeCom no longer lists, for the members we paged through, recorded
 * as ended. A contact a callback touched during this run is left for the next one: the pages may predate it.
 */
async function endUnlistedRelations(
  followUsers: string[],
  seen: Set<string>,
  options: ResyncOptions,
  now: Date,
  report: ContactReport,
) {
  const listed = new Set(followUsers);
  const candidates = await ContactModel.find(
    { 'followUsers.userId': { $in: followUsers }, lostAt: null },
    { externalUserId: 1, followUsers: 1, updatedAt: 1 },
  ).lean<(Contact & { updatedAt?: Date })[]>();
  for (const contact of candidates) {
    if (contact.updatedAt && contact.updatedAt > options.startedAt && !options.dryRun) {
      continue;
    }
    for (const follow of contact.followUsers) {
      const active = !follow.removedAt && listed.has(follow.userId) && contact.externalUserId;
      if (!active || seen.has(relationKey(contact.externalUserId!, follow.userId))) {
        continue;
      }
      report.relationsEnded += 1;
      if (!options.dryRun) {
        await recordContactLoss(
          {
            externalUserId: contact.externalUserId!,
            userId: follow.userId,
            cause: 'member',
            at: now,
            messageKey: `resync:${relationKey(contact.externalUserId!, follow.userId)}:${now.getTime()}`,
          },
          now,
        );
      }
    }
  }
}

export async function resyncContacts(deps: TransferDeps, options: ResyncOptions): Promise<ContactReport> {
  const report: ContactReport = {
    followUsers: 0,
    relationsSeen: 0,
    relationsAdded: 0,
    relationsEnded: 0,
    contactsCreated: 0,
    leads: { created: 0, attached: 0, poolFull: 0 },
  };
  const followUsers = await deps.wecom.getFollowUserList();
  report.followUsers = followUsers.length;
  const employees = new Map(
    (await EmployeeModel.find({ userId: { $in: followUsers } }).lean<Employee[]>()).map((e) => [e.userId, e]),
  );
  const ctx: ResyncContext = {
    actor: { kind: 'system', name: 'wecom-resync' },
    now: deps.clock.now(),
    config: deps.config,
    employees,
  };
  const seen = await resyncListedRelations(deps, followUsers, options, ctx, report);
  await endUnlistedRelations(followUsers, seen, options, ctx.now, report);
  return report;
}
