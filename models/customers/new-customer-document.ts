import { Types } from 'mongoose';
import { grades } from '../../config/pool-rules.js';
import { CustomerModel, customerSources, dataQualities, dropReasons, poolStates, stages } from './customer.model.js';
import type { Customer } from './customer.model.js';
import { actorKinds, ledgerActions } from './ledger-entry.model.js';

// A new customer's documents as the customer model builds them — its defaults, the name trimmed, empty entry
// objects left out as a save leaves them — checked as the model checks them. A burst of WeCom leads creates
// customers by the hundred, and building each as a mongoose document (cast, validated, turned back into objects
// twice) cost more than the rest of its creation. The fields come from our own code (create-customer.ts), so they
// are built here directly whenever every value already has the type and passes the checks the model declares;
// anything else (a value to cast, an unknown field, a value out of range) goes through the model itself, with its
// casts and its validation errors.

type Fields = Partial<Customer>;
type Entry = Customer['ledgerOutbox'][number];
/** What is inserted (the profile as a plain object) and what the creation answers (the profile as a Map). */
export interface NewCustomerDocuments {
  stored: Customer & { __v: number };
  customer: Customer & { __v: number };
}

const text = (v: unknown): v is string => typeof v === 'string';
const idOrNull = (v: unknown) => v === null || v instanceof Types.ObjectId;
const dateOrNull = (v: unknown) => v === null || (v instanceof Date && !Number.isNaN(v.getTime()));
const count = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const oneOf = (values: readonly unknown[]) => (v: unknown) => values.includes(v);
const texts = (v: unknown) => Array.isArray(v) && v.every(text);
/** A value of a Mixed field the model stores as it is: a flat object of plain values. */
const flat = (v: unknown) =>
  v !== null &&
  typeof v === 'object' &&
  Object.getPrototypeOf(v) === Object.prototype &&
  Object.values(v).every(
    (x) => x === null || ['string', 'number', 'boolean'].includes(typeof x) || x instanceof Types.ObjectId,
  );

/** The fields a creation sets, with the check each value must pass to be stored as it is. */
const checks: Record<string, (v: unknown) => boolean> = {
  _id: (v) => v instanceof Types.ObjectId,
  name: (v) => text(v) && v.trim() !== '' && v.trim().length <= 200,
  keys: (v) =>
    flat(v) && Object.entries(v as object).every(([k, x]) => ['normalizedName', 'coreName'].includes(k) && text(x)),
  creditCode: (v) => v === undefined || text(v),
  phones: texts,
  emailDomains: texts,
  ...Object.fromEntries(
    ['boss', 'legalRepresentative', 'sourceDetail', 'industry', 'region', 'address', 'website'].map((k) => [k, text]),
  ),
  source: oneOf(customerSources),
  profile: (v) =>
    v instanceof Map &&
    [...(v as Map<unknown, unknown>)].every(
      ([k, x]) => text(k) && /^[^.$][^.]*$/.test(k) && ['string', 'number', 'boolean'].includes(typeof x),
    ),
  completeness: (v) => count(v) && v >= 0 && v <= 100,
  dataQuality: oneOf(dataQualities),
  grade: oneOf([...grades, null]),
  stage: oneOf(stages),
  poolState: oneOf(poolStates),
  ownerDepartmentId: (v) => v === null || count(v),
  dropReason: oneOf([...dropReasons, null]),
  version: count,
  ...Object.fromEntries(['ownerId', 'stakedBy', 'createdBy'].map((k) => [k, idOrNull])),
  ...Object.fromEntries(
    ['claimedAt', 'publicSince', 'protectedUntil', 'stakedAt', 'stakeDeadline', 'greenedAt'].map((k) => [
      k,
      dateOrNull,
    ]),
  ),
  ledgerOutbox: (v) => Array.isArray(v) && v.every(plainEntry),
};

const entryChecks: Record<string, (v: unknown) => boolean> = {
  _id: text,
  customerId: (v) => v instanceof Types.ObjectId,
  action: oneOf(ledgerActions),
  actorKind: oneOf(actorKinds),
  actorId: idOrNull,
  actorName: text,
  reason: text,
  before: flat,
  after: flat,
  at: (v) => v instanceof Date && !Number.isNaN(v.getTime()),
};

function plainEntry(entry: unknown): boolean {
  return (
    entry !== null &&
    typeof entry === 'object' &&
    ['_id', 'customerId', 'action', 'actorKind', 'at'].every((k) => k in entry) &&
    Object.entries(entry).every(([k, v]) => entryChecks[k]?.(v) ?? false)
  );
}

function isPlain(fields: Fields): boolean {
  return 'name' in fields && Object.entries(fields).every(([k, v]) => checks[k]?.(v) ?? false);
}

/** An outbox entry as the model stores it: its defaults, empty before/after objects left out. */
function storedEntry(entry: Entry): Entry {
  const { before, after, ...rest } = entry as Omit<Partial<Entry>, 'before' | 'after'> & {
    before?: Record<string, unknown>;
    after?: Record<string, unknown>;
  };
  return {
    actorId: null,
    actorName: '',
    reason: '',
    ...rest,
    ...(before && Object.keys(before).length > 0 ? { before: { ...before } } : {}),
    ...(after && Object.keys(after).length > 0 ? { after: { ...after } } : {}),
  } as Entry;
}

// One literal (not a spread of several): built once per new customer, in the order the model lists the fields.
function defaults(now: Date) {
  return {
    keys: { normalizedName: '', coreName: '' },
    phones: [] as string[],
    emailDomains: [] as string[],
    boss: '',
    legalRepresentative: '',
    source: 'manual',
    sourceDetail: '',
    industry: '',
    region: '',
    address: '',
    website: '',
    completeness: 0,
    dataQuality: 'in-profile',
    grade: null,
    gradeHistory: [],
    stage: 'lead',
    stageHistory: [],
    signedAt: null,
    contract: null,
    poolState: 'public',
    ownerId: null,
    ownerDepartmentId: null,
    claimedAt: null,
    lastValidFollowUpAt: null,
    lastFollowUpAt: null,
    protectedUntil: null,
    dropReason: null,
    locked: false,
    lockedBy: null,
    cooldowns: [],
    publicSince: null,
    stakedBy: null,
    stakedAt: null,
    stakeDeadline: null,
    greenedAt: null,
    quarantineReason: '',
    mergedInto: null,
    mergedFrom: [],
    mergeSnapshot: null,
    createdBy: null,
    autoAssignedAt: null,
    version: 0,
    ledgerOutbox: [] as Entry[],
    createdAt: now,
    updatedAt: now,
  };
}

/** The documents of a new customer (validated, with its version), built directly or by the model. */
export async function newCustomerDocuments(fields: Fields, now: Date): Promise<NewCustomerDocuments> {
  if (!isPlain(fields)) {
    const doc = new CustomerModel({ ...fields, createdAt: now, updatedAt: now });
    await doc.validate();
    return {
      // Maps (the profile) as plain objects, as a save stores them.
      stored: { ...doc.toObject<Customer>({ flattenMaps: true }), __v: 0 },
      customer: { ...doc.toObject<Customer>(), __v: 0 },
    };
  }
  const { profile, creditCode, ...rest } = fields;
  const base = {
    _id: new Types.ObjectId(),
    ...defaults(now),
    ...rest,
    name: fields.name!.trim(),
    keys: { normalizedName: '', coreName: '', ...rest.keys },
    phones: [...(rest.phones ?? [])],
    emailDomains: [...(rest.emailDomains ?? [])],
    ...(creditCode === undefined ? {} : { creditCode }),
    ledgerOutbox: (rest.ledgerOutbox ?? []).map(storedEntry),
    __v: 0,
  };
  const entries = [...((profile as Map<string, unknown> | undefined) ?? new Map<string, unknown>())];
  return {
    stored: { ...base, profile: Object.fromEntries(entries) } as unknown as Customer & { __v: number },
    // Its own arrays and objects, as a second copy of the model's would be.
    customer: {
      ...base,
      keys: { ...base.keys },
      phones: [...base.phones],
      emailDomains: [...base.emailDomains],
      ledgerOutbox: base.ledgerOutbox.map(storedEntry),
      profile: new Map(entries),
    } as unknown as Customer & { __v: number },
  };
}
