import { operation } from '../openapi/operation.js';
import { idParams } from '../schema-parts.js';
import { actionAnswer, customerDetailAnswer, followUpAnswer, profileAnswer } from './customer-answers.schema.js';
import {
  createCustomerBody,
  followUpBody,
  gradeBody,
  profileBody,
  reasonBody,
  revealBody,
  revealedContacts,
  stageBody,
} from './customers.schema.js';

export const customerOperations = {
  create: operation({
    method: 'post',
    path: '/customers',
    tag: '客户',
    auth: true,
    body: createCustomerBody,
    response: actionAnswer,
    summary: 'Enter (录入) a customer: conflict check first, then into your private pool or, with stake, staked',
    description:
      'The conflict check runs first: a company that is the same entity as an existing customer (credit code, name, ' +
      'short name in a compatible region, phone under a matching name) is refused with 409 DUPLICATE_CUSTOMER, whose ' +
      'details name the customer, its state and owner and the way forward (actions: claim from the pool, or a complaint ' +
      'against its holder). Otherwise the customer enters your private pool within capacity (409 POOL_CAPACITY_FULL) ' +
      'or is staked within the stake allowance (409 STAKE_CAPACITY_FULL); the ledger records the creation. Answers 201. ' +
      'Counts against RATE_LIMIT_CONFLICT_CHECK like a check of the same keys.',
    errors: [
      'DUPLICATE_CUSTOMER',
      'INVALID_CREDIT_CODE',
      'POOL_CAPACITY_FULL',
      'STAKE_CAPACITY_FULL',
      'CONFLICT',
      'RATE_LIMITED',
    ],
  }),
  detail: operation({
    method: 'get',
    path: '/customers/:id',
    tag: '客户',
    auth: true,
    params: idParams,
    response: customerDetailAnswer,
    summary: 'A customer: profile, completeness, contacts, follow-ups, grade/stage history, ledger',
    description:
      'Public customers are open to every rep; contact details of customers nobody holds are masked for every role. ' +
      "Another rep's customer is refused with 403 NOT_OWNER naming neither customer nor owner (the conflict check " +
      'says who holds a company). Rate-limited per employee (RATE_LIMIT_CUSTOMER_READ).',
    errors: ['NOT_OWNER', 'CUSTOMER_NOT_FOUND', 'RATE_LIMITED'],
  }),
  revealContacts: operation({
    method: 'post',
    path: '/customers/:id/contacts/reveal',
    tag: '客户',
    auth: true,
    params: idParams,
    body: revealBody,
    response: revealedContacts,
    summary: "Sales ops or admins: reveal one unheld customer's contact details, with a reason (audited)",
    description:
      'Each reveal is written to the audit trail (contact_disclosures) before the details are answered; ' +
      'counts against RATE_LIMIT_CUSTOMER_READ.',
    errors: ['FORBIDDEN', 'INVALID_STATE', 'CUSTOMER_NOT_FOUND', 'RATE_LIMITED'],
  }),
  claim: operation({
    method: 'post',
    path: '/customers/:id/claim',
    tag: '客户',
    auth: true,
    params: idParams,
    response: actionAnswer,
    summary: 'Claim (认领) a public customer, or one you staked, into your private pool',
    description: 'Rate-limited per employee (RATE_LIMIT_CLAIM), on top of the daily claim limit.',
    errors: [
      'POOL_CAPACITY_FULL',
      'ALREADY_OWNED',
      'COOLDOWN_ACTIVE',
      'DAILY_CLAIM_LIMIT',
      'CUSTOMER_QUARANTINED',
      'RATE_LIMITED',
      'CUSTOMER_NOT_FOUND',
    ],
  }),
  stake: operation({
    method: 'post',
    path: '/customers/:id/stake',
    tag: '客户',
    auth: true,
    params: idParams,
    response: actionAnswer,
    summary: 'Stake (占坑) a public customer; green it (complete the profile) before the deadline',
    errors: [
      'STAKE_CAPACITY_FULL',
      'ALREADY_OWNED',
      'COOLDOWN_ACTIVE',
      'CUSTOMER_QUARANTINED',
      'RATE_LIMITED',
      'CUSTOMER_NOT_FOUND',
    ],
  }),
  unstake: operation({
    method: 'post',
    path: '/customers/:id/unstake',
    tag: '客户',
    auth: true,
    params: idParams,
    body: reasonBody,
    response: actionAnswer,
    summary: 'Give a staked customer back to the public pool',
    errors: ['NOT_OWNER', 'INVALID_STATE', 'CUSTOMER_NOT_FOUND'],
  }),
  release: operation({
    method: 'post',
    path: '/customers/:id/release',
    tag: '客户',
    auth: true,
    params: idParams,
    body: reasonBody,
    response: actionAnswer,
    summary: 'Release (释放) a private customer to the public pool; profile and follow-ups stay with it',
    errors: ['NOT_OWNER', 'INVALID_STATE', 'CUSTOMER_SIGNED', 'CUSTOMER_NOT_FOUND'],
  }),
  grade: operation({
    method: 'post',
    path: '/customers/:id/grade',
    tag: '客户',
    auth: true,
    params: idParams,
    body: gradeBody,
    response: actionAnswer,
    summary: 'Change the intent grade (A/B/C/D); kept in the grade history and the ledger',
    errors: ['NOT_OWNER', 'CUSTOMER_NOT_FOUND'],
  }),
  stage: operation({
    method: 'post',
    path: '/customers/:id/stage',
    tag: '客户',
    auth: true,
    params: idParams,
    body: stageBody,
    response: actionAnswer,
    summary: 'Move the customer along the pipeline (线索 → 客户 → 商机 → 合同 → 成交)',
    description:
      'Signing (成交) needs a won deal on the customer or the contract (amount, signing date): otherwise 400 ' +
      'CONTRACT_REQUIRED. Moving a signed customer to another stage undoes the deal: managers and ops only (403 ' +
      'FORBIDDEN), with a reason (400 without one), which the ledger keeps.',
    errors: ['NOT_OWNER', 'FORBIDDEN', 'CUSTOMER_NOT_FOUND', 'CONTRACT_REQUIRED', 'INVALID_STATE'],
  }),
  profile: operation({
    method: 'post',
    path: '/customers/:id/profile',
    tag: '客户',
    auth: true,
    params: idParams,
    body: profileBody,
    response: profileAnswer,
    summary: 'Edit profile fields; completeness is scored again (never resets the drop clock)',
    description: 'POST, not PATCH: wx.request cannot send PATCH. Only the fields sent change.',
    errors: ['NOT_OWNER', 'DUPLICATE_CUSTOMER', 'CUSTOMER_NOT_FOUND'],
  }),
  followUp: operation({
    method: 'post',
    path: '/customers/:id/follow-ups',
    tag: '跟进',
    auth: true,
    params: idParams,
    body: followUpBody,
    response: followUpAnswer,
    summary: 'Write a follow-up (跟进记录)',
    description: 'Every note is kept with its quality verdict; only a valid note by the owner resets the drop clock.',
    errors: ['NOT_OWNER', 'CUSTOMER_NOT_FOUND'],
  }),
};
