import { findSameEntity } from '../conflicts/find-same-entity.js';
import type { Customer, CustomerSource } from '../customers/customer.model.js';
import { EmployeeModel } from '../org/employee.model.js';
import { AppError, isAppError } from '../shared/app-error.js';
import { InboundLeadModel, type InboundLead, type LeadRoute } from './inbound-lead.model.js';
import { enqueueMessages, markdown, type EmployeeMessage } from '../messages/employee-message.js';
import { instantDayLabel } from '../messages/format.js';
import { createCustomer, type CustomerInput } from '../customers/use-cases/create-customer.js';
import { isDuplicateKeyError } from '../shared/duplicate-key.js';
import { autoAssignNewLead } from '../pool/auto-assign.js';
import { loadCustomer } from '../customers/customer-change.js';
import type { DomainContext } from '../shared/domain-context.js';

// Inbound leads (官网线索 / 主动咨询) go to whoever holds the customer: the rep who staked it (占坑 —
// the reward for staking), else its owner; an unknown company becomes a new lead that the company's
// lead department's automatic assignment may give to a rep, else it waits in the public pool.

export interface InboundLeadInput {
  /** Id of the lead in its source system (form submission, call id); repeats are recognised. */
  leadId: string;
  source: Extract<CustomerSource, 'website' | 'inbound' | 'event' | 'referral' | 'other'>;
  customer: CustomerInput;
  contactName?: string;
  contactPhone?: string;
  message?: string;
}

export interface RoutedLead {
  lead: InboundLead;
  /** False when this lead had been received before and nothing was done again. */
  fresh: boolean;
  notified: EmployeeMessage | null;
}

const sourceLabel: Record<InboundLeadInput['source'], string> = {
  website: '官网线索',
  inbound: '主动咨询',
  event: '活动线索',
  referral: '转介绍',
  other: '市场线索',
};

function route(customer: Customer): { route: LeadRoute; routedTo: Customer['ownerId'] } {
  if (customer.poolState === 'staked' && customer.stakedBy) {
    return { route: 'staker', routedTo: customer.stakedBy };
  }
  if (customer.poolState === 'private' && customer.ownerId) {
    return { route: 'owner', routedTo: customer.ownerId };
  }
  return { route: 'pool', routedTo: null };
}

async function findOrCreate(
  input: InboundLeadInput,
  ctx: DomainContext,
): Promise<{ customer: Customer; created: boolean }> {
  const query = { name: input.customer.name, creditCode: input.customer.creditCode, phones: input.customer.phones };
  const existing = await findSameEntity(query);
  if (existing) {
    return { customer: existing, created: false };
  }
  try {
    return {
      customer: await createCustomer({ customer: { ...input.customer, source: input.source }, into: 'public' }, ctx),
      created: true,
    };
  } catch (error) {
    // Created a moment ago by a concurrent lead for the same company.
    const raced = isAppError(error, 'DUPLICATE_CUSTOMER') ? await findSameEntity(query) : null;
    if (!raced) {
      throw error;
    }
    return { customer: raced, created: false };
  }
}

function leadMessage(input: InboundLeadInput, customer: Customer, routed: LeadRoute, timeZone: string): string {
  const who = [input.contactName, input.contactPhone].filter(Boolean).join(' ');
  const lines = [
    `<font color="info">**新${sourceLabel[input.source]}**</font>`,
    routed === 'staker'
      ? `你占坑的客户 **${customer.name}** 来了新线索：`
      : routed === 'assigned'
        ? `新线索 **${customer.name}** 已自动分配给你（进入你的私海）：`
        : `你的客户 **${customer.name}** 来了新线索：`,
    ...(who ? [`> 联系人：${who}`] : []),
    ...(input.message ? [`> 留言：${input.message}`] : []),
  ];
  if (routed === 'staker' && customer.stakeDeadline) {
    lines.push(
      `请尽快联系。占坑客户需在${instantDayLabel(new Date(customer.stakeDeadline.getTime() - 1), timeZone)}前完成绿化，也可以直接认领到私海。`,
    );
  } else {
    lines.push('请尽快联系，并在小程序写跟进记录。');
  }
  return lines.join('\n');
}

/** Records an inbound lead and routes it; the staker or owner is told at once. Safe to deliver twice. */
export async function routeInboundLead(input: InboundLeadInput, ctx: DomainContext): Promise<RoutedLead> {
  if (!input.leadId.trim() || !input.customer.name?.trim()) {
    throw new AppError('VALIDATION_FAILED', '线索缺少编号或公司名称', {
      details: { fields: ['leadId', 'customer.name'] },
    });
  }
  const _id = `${input.source}:${input.leadId.trim()}`;
  const known = await InboundLeadModel.findById(_id).lean<InboundLead>();
  if (known) {
    return { lead: known, fresh: false, notified: null };
  }
  const found = await findOrCreate(input, ctx);
  const { created } = found;
  const assigned = created ? await autoAssignNewLead(found.customer._id, ctx, null, { notify: false }) : null;
  const customer = assigned?.assigned ? await loadCustomer(found.customer._id) : found.customer;
  const routed = assigned?.assigned ? { route: 'assigned' as const, routedTo: customer.ownerId } : route(customer);
  let notified: EmployeeMessage | null = null;
  if (routed.routedTo) {
    const employee = await EmployeeModel.findOne({ _id: routed.routedTo, status: 'active' }, { userId: 1 }).lean();
    if (employee) {
      notified = {
        id: `lead:${_id}`,
        toUserId: employee.userId,
        kind: 'lead',
        payload: markdown(leadMessage(input, customer, routed.route, ctx.config.timezone)),
      };
      // The message goes first: if we crash before the record, the repeat delivery queues the same id.
      await enqueueMessages([notified], ctx.now);
    }
  }
  const lead = {
    _id,
    source: input.source,
    customerId: customer._id,
    createdCustomer: created,
    contactName: input.contactName ?? '',
    contactPhone: input.contactPhone ?? '',
    message: input.message ?? '',
    route: routed.route,
    routedTo: routed.routedTo,
    receivedAt: ctx.now,
  };
  try {
    await InboundLeadModel.create(lead);
  } catch (error) {
    if (!isDuplicateKeyError(error)) {
      throw error;
    }
    return { lead: (await InboundLeadModel.findById(_id).lean<InboundLead>())!, fresh: false, notified: null };
  }
  return { lead, fresh: true, notified };
}
