import type { Types } from 'mongoose';
import { ConflictCaseModel } from '../conflicts/cases/conflict-case.model.js';
import { CustomerModel, type Customer } from '../customers/customer.model.js';
import { FollowUpModel } from '../follow-ups/follow-up.model.js';
import { InboundLeadModel } from '../leads/inbound-lead.model.js';
import { LedgerEntryModel, type LedgerAction } from '../customers/ledger-entry.model.js';
import { OpportunityModel, openOpportunityStages, type Opportunity } from '../customers/opportunity.model.js';
import type { ReviewSettings } from '../org/review-settings.js';
import { DAY } from '../shared/clock.js';

// Loads, in a handful of queries, everything the review of a set of reps needs. One load serves
// every digest of a run: the embedded database scans collections for range queries, so the work is
// one scan per collection, not one per team.

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
  /** Start of the no-new-A-class look-back. */
  lookBackStart: Date;
}

// Long $in lists make the embedded server compare every document against every id; above this
// size it is cheaper to read the range for everyone and keep our reps in memory.
const IN_LIMIT = 50;

/** How far back the latest note of an A-class customer is looked for. */
const NOTE_DAYS = 30;

function byOwner(field: string, reps: Set<string>): Record<string, unknown> {
  return reps.size <= IN_LIMIT ? { [field]: { $in: [...reps] } } : {};
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
  const projection = {
    ...{ name: 1, ownerId: 1, grade: 1, gradeHistory: 1, stage: 1, stageHistory: 1, claimedAt: 1 },
    ...{ lastValidFollowUpAt: 1, lastFollowUpAt: 1, protectedUntil: 1, createdAt: 1 },
  };
  return CustomerModel.find({ poolState: 'private', ...byOwner('ownerId', reps) }, projection)
    .lean<ReviewCustomer[]>()
    .then((list) => list.filter((c) => ownerIn(reps, c.ownerId)));
}

async function reviewLedger(reps: Set<string>, window: ReviewWindow): Promise<ReviewLedgerEntry[]> {
  const entries = await LedgerEntryModel.find(
    // Today's moves, plus grade changes over the look-back (for the no-new-A-class alarm).
    {
      $or: [
        { at: { $gte: window.dayStart, $lte: window.now }, action: { $in: ledgerActions } },
        { at: { $gte: window.lookBackStart, $lte: window.now }, action: 'grade' },
      ],
    },
    { customerId: 1, action: 1, reason: 1, before: 1, after: 1, at: 1 },
  ).lean<ReviewLedgerEntry[]>();
  return entries.filter((e) => involves(e, reps));
}

// One read of the recent follow-ups serves both today's counts and the latest note of each A-class
// customer (a long $in of customer ids is far slower on the embedded server than reading the range).
async function reviewFollowUps(reps: Set<string>, window: ReviewWindow, aClass: Set<string>) {
  const noteHorizon = new Date(Math.min(window.dayStart.getTime(), window.now.getTime() - NOTE_DAYS * DAY));
  const recent = await FollowUpModel.find(
    { createdAt: { $gte: noteHorizon, $lte: window.now } },
    { customerId: 1, authorId: 1, createdAt: 1, quality: 1, content: 1, nextStep: 1 },
  ).lean();
  const followUpsToday: ReviewFollowUp[] = [];
  const latestNotes = new Map<string, ReviewFollowUp>();
  for (const f of recent) {
    const note: ReviewFollowUp = {
      customerId: f.customerId,
      authorId: f.authorId,
      createdAt: f.createdAt,
      valid: f.quality?.valid === true,
      content: '',
      nextStep: f.nextStep,
    };
    if (f.createdAt >= window.dayStart && ownerIn(reps, f.authorId)) {
      followUpsToday.push(note);
    }
    const key = String(f.customerId);
    const seen = latestNotes.get(key);
    if (aClass.has(key) && (!seen || seen.createdAt < f.createdAt)) {
      latestNotes.set(key, { ...note, content: f.content.slice(0, 200) });
    }
  }
  return { followUpsToday, latestNotes };
}

async function reviewOpportunities(reps: Set<string>, window: ReviewWindow, settings: ReviewSettings) {
  const historyStart = new Date(window.now.getTime() - settings.forecastHistoryDays * DAY);
  const opportunities = await OpportunityModel.find({
    ...byOwner('ownerId', reps),
    $or: [{ stage: { $in: openOpportunityStages } }, { closedAt: { $gte: historyStart } }],
  }).lean<Opportunity[]>();
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
  const customers = await reviewCustomers(reps);
  const ledger = await reviewLedger(reps, window);
  const aClass = new Set(customers.filter((c) => c.grade === 'A').map((c) => String(c._id)));
  const { followUpsToday, latestNotes } = await reviewFollowUps(reps, window, aClass);
  return {
    customers,
    ledger,
    followUpsToday,
    latestNotes,
    opportunities: await reviewOpportunities(reps, window, settings),
    inboundLeadsToday: await inboundLeadsOf(reps, window),
    conflictCasesToday: await conflictCasesOf(reps, window),
    customerNames: await customerNamesOf(customers, ledger),
  };
}
