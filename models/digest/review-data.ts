import { Types } from 'mongoose';
import { ConflictCaseModel } from '../conflicts/cases/conflict-case.model.js';
import { CustomerModel, type Customer } from '../customers/customer.model.js';
import { InboundLeadModel } from '../leads/inbound-lead.model.js';
import { LedgerEntryModel, type LedgerAction } from '../customers/ledger-entry.model.js';
import { OpportunityModel, openOpportunityStages, type Opportunity } from '../customers/opportunity.model.js';
import type { ReviewSettings } from '../org/review-settings.js';
import { DAY } from '../shared/clock.js';
import { readInChunks } from '../shared/db/in-chunks.js';
import { latestNotesOf, todaysFollowUps } from './review-follow-ups.js';

// Loads, in a handful of queries, everything the review of a set of reps needs. One load serves every
// digest of a run. A few reps (one team's review in the mini-app) are read through their indexes (owner,
// author, the A-class customers); the whole company's reps read the day's ranges once instead.

export type ReviewCustomer = Pick<
  Customer,
  | '_id'
  | 'name'
  | 'ownerId'
  | 'grade'
  | 'gradeHistory'
  | 'stage'
  | 'stageHistory'
  | 'claimedAt'
  | 'lastValidFollowUpAt'
  | 'lastFollowUpAt'
  | 'protectedUntil'
  | 'createdAt'
>;

/** The before/after picture a ledger entry keeps (models/customers/customer-change.ts snapshot()). */
export interface LedgerSnapshot {
  ownerId?: Types.ObjectId | null;
  grade?: string | null;
  stage?: string;
  poolState?: string;
}

export interface ReviewLedgerEntry {
  customerId: Types.ObjectId;
  action: LedgerAction;
  reason: string;
  before: LedgerSnapshot;
  after: LedgerSnapshot;
  at: Date;
}

export interface ReviewConflictCase {
  complainantId: Types.ObjectId;
  respondentId: Types.ObjectId;
}

export interface ReviewFollowUp {
  customerId: Types.ObjectId;
  authorId: Types.ObjectId;
  createdAt: Date;
  valid: boolean;
  content: string;
  nextStep: string;
}

export interface ReviewData {
  customers: ReviewCustomer[];
  /** Ledger entries since the look-back start (grades) and today (everything else). */
  ledger: ReviewLedgerEntry[];
  followUpsToday: ReviewFollowUp[];
  /** Latest note per A-class customer. */
  latestNotes: Map<string, ReviewFollowUp>;
  opportunities: Opportunity[];
  inboundLeadsToday: { routedTo: Types.ObjectId; source: string }[];
  /** Complaints (撞单申诉) filed today that one of the reps filed or had filed against them. */
  conflictCasesToday: ReviewConflictCase[];
  /** Names of customers the ledger mentions that are no longer owned (dropped, released). */
  customerNames: Map<string, string>;
}

export interface ReviewWindow {
  dayStart: Date;
  now: Date;
  /** Start of the no-new-A-class alarm's window: grade changes since then are loaded for everyone. */
  alarmStart: Date;
}

// Up to this many reps (or customers, ×20), reads go by their ids through an index; above it, reading the
// range for everyone once and keeping ours in memory is cheaper than so many index probes. The ledger names
// a rep twice (before, after), so its range is read once for more than FEW_REPS.
export const IN_LIMIT = 2000;
const FEW_REPS = 200;

/** Reads of the reps' own documents: by owner through an index, in chunks (in-chunks.ts), or for everyone. */
function byOwners<T>(reps: Set<string>, read: (owner: Record<string, unknown>) => Promise<T[]>): Promise<T[]> {
  return reps.size <= IN_LIMIT ? readInChunks(reps, (chunk) => read({ ownerId: { $in: chunk } })) : read({});
}

const ledgerActions: LedgerAction[] = [
  'create',
  'claim',
  'release',
  'drop',
  'grade',
  'assign',
  'transfer',
  'inherit',
  'ruling',
];

function involves(entry: ReviewLedgerEntry, reps: Set<string>): boolean {
  return reps.has(String(entry.before?.ownerId)) || reps.has(String(entry.after?.ownerId));
}

const ownerIn = (reps: Set<string>, id: unknown) => reps.has(String(id));

function reviewCustomers(reps: Set<string>): Promise<ReviewCustomer[]> {
  // Of the histories only what the review reads (when a customer became A, the stages it reached): fewer bytes
  // to decode for every customer of the company.
  const projection = {
    ...{ name: 1, ownerId: 1, grade: 1, 'gradeHistory.to': 1, 'gradeHistory.at': 1, stage: 1, 'stageHistory.to': 1 },
    claimedAt: 1,
    ...{ lastValidFollowUpAt: 1, lastFollowUpAt: 1, protectedUntil: 1, createdAt: 1 },
  };
  return byOwners(reps, (owner) =>
    CustomerModel.find({ poolState: 'private', ...owner }, projection).lean<ReviewCustomer[]>(),
  ).then((list) => list.filter((c) => ownerIn(reps, c.ownerId)));
}

async function reviewLedger(reps: Set<string>, window: ReviewWindow): Promise<ReviewLedgerEntry[]> {
  // Today's moves, plus grade changes over the alarm's window (older ones: grade-history.ts).
  const today = { at: { $gte: window.dayStart, $lte: window.now }, action: { $in: ledgerActions } };
  const grades = { at: { $gte: window.alarmStart, $lte: window.now }, action: 'grade' as const };
  // A few reps: the entries naming one as the owner before or after (untyped snapshots: ObjectIds, no casting).
  const ids = [...reps].map((rep) => new Types.ObjectId(rep));
  const byOwners = (owner: string) => [
    { [owner]: { $in: ids }, ...today },
    { [owner]: { $in: ids }, ...grades },
  ];
  const filter =
    reps.size <= FEW_REPS ? [...byOwners('before.ownerId'), ...byOwners('after.ownerId')] : [today, grades];
  const entries = await LedgerEntryModel.find(
    { $or: filter },
    { customerId: 1, action: 1, reason: 1, before: 1, after: 1, at: 1 },
  ).lean<ReviewLedgerEntry[]>();
  return entries.filter((e) => involves(e, reps));
}

async function reviewOpportunities(reps: Set<string>, window: ReviewWindow, settings: ReviewSettings) {
  const historyStart = new Date(window.now.getTime() - settings.forecastHistoryDays * DAY);
  // What the funnel, the forecast and the A-class items read of a deal.
  const projection = {
    ...{ customerId: 1, ownerId: 1, stage: 1, amount: 1, expectedCloseAt: 1, createdAt: 1 },
    ...{ 'stageHistory.from': 1, 'stageHistory.to': 1, 'stageHistory.at': 1 },
  };
  const opportunities = await byOwners(reps, (owner) =>
    OpportunityModel.find(
      { ...owner, $or: [{ stage: { $in: openOpportunityStages } }, { closedAt: { $gte: historyStart } }] },
      projection,
    ).lean<Opportunity[]>(),
  );
  return opportunities.filter((o) => ownerIn(reps, o.ownerId));
}

async function inboundLeadsOf(reps: Set<string>, window: ReviewWindow) {
  const leads = await InboundLeadModel.find(
    { receivedAt: { $gte: window.dayStart, $lte: window.now }, routedTo: { $ne: null } },
    { routedTo: 1, source: 1 },
  ).lean();
  return leads.filter((l) => ownerIn(reps, l.routedTo)).map((l) => ({ routedTo: l.routedTo!, source: l.source }));
}

async function conflictCasesOf(reps: Set<string>, window: ReviewWindow): Promise<ReviewConflictCase[]> {
  const cases = await ConflictCaseModel.find(
    { filedAt: { $gte: window.dayStart, $lte: window.now } },
    { complainantId: 1, respondentId: 1 },
  ).lean<ReviewConflictCase[]>();
  return cases.filter((c) => ownerIn(reps, c.complainantId) || ownerIn(reps, c.respondentId));
}

/** Names of the customers the review mentions: the owned ones, and those that left today. */
async function customerNamesOf(customers: ReviewCustomer[], ledger: ReviewLedgerEntry[]): Promise<Map<string, string>> {
  const owned = new Map(customers.map((c) => [String(c._id), c.name]));
  const missing = [...new Set(ledger.map((e) => String(e.customerId)).filter((id) => !owned.has(id)))];
  for (let i = 0; i < missing.length; i += 1000) {
    const found = await CustomerModel.find({ _id: { $in: missing.slice(i, i + 1000) } }, { name: 1 }).lean();
    found.forEach((c) => owned.set(String(c._id), c.name));
  }
  return owned;
}

export async function loadReviewData(
  reps: Set<string>,
  window: ReviewWindow,
  settings: ReviewSettings,
): Promise<ReviewData> {
  // Independent reads run at once (the embedded database serves them on several threads); what depends on one
  // read starts as soon as that read is in: the A-class customers' notes on the customers, names on the ledger.
  const customersRead = reviewCustomers(reps);
  const ledgerRead = reviewLedger(reps, window);
  const notesRead = customersRead.then((customers) =>
    latestNotesOf(new Set(customers.filter((c) => c.grade === 'A').map((c) => String(c._id))), window),
  );
  const namesRead = Promise.all([customersRead, ledgerRead]).then(([customers, ledger]) =>
    customerNamesOf(customers, ledger),
  );
  // Awaited below once the others are in; a failure surfaces there (or through the read it depends on).
  namesRead.catch(() => undefined);
  const [customers, ledger, opportunities, inboundLeadsToday, conflictCasesToday, followUpsToday, latestNotes] =
    await Promise.all([
      customersRead,
      ledgerRead,
      reviewOpportunities(reps, window, settings),
      inboundLeadsOf(reps, window),
      conflictCasesOf(reps, window),
      todaysFollowUps(reps, window),
      notesRead,
    ]);
  const customerNames = await namesRead;
  return {
    customers,
    ledger,
    followUpsToday,
    latestNotes,
    opportunities,
    inboundLeadsToday,
    conflictCasesToday,
    customerNames,
  };
}
