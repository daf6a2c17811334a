import type Router from '@koa/router';
import { addContact, editContact, removeContact } from '../../../models/customers/use-cases/contacts.js';
import type { AppDeps } from '../../app.js';
import { answerForId, apiRouter } from '../api-router.js';
import { operation } from '../openapi/operation.js';
import { idParams } from '../schema-parts.js';
import {
  contactAnswer,
  contactBody,
  contactChangesBody,
  removedAnswer,
  type ContactBody,
  type ContactChangesBody,
} from './contacts.schema.js';

const keeperErrors = ['NOT_OWNER', 'CUSTOMER_NOT_FOUND'] as const;

export const contactOperations = {
  add: operation({
    method: 'post',
    path: '/customers/:id/contacts',
    tag: '联系人',
    auth: true,
    params: idParams,
    body: contactBody,
    response: contactAnswer,
    summary: 'Add a contact (联系人) to a customer: role, phones, WeChat, e-mail, KP flag',
    description:
      'The holder, the manager of their team and ops may keep a customer’s contacts. Completeness is scored again ' +
      '(a KP counts); a staked customer reaching the threshold is greened. Answers 201.',
    errors: [...keeperErrors],
  }),
  edit: operation({
    method: 'post',
    path: '/contacts/:id',
    tag: '联系人',
    auth: true,
    params: idParams,
    body: contactChangesBody,
    response: contactAnswer,
    summary: 'Edit a contact: only the fields sent change (POST: wx.request cannot send PATCH)',
    errors: [...keeperErrors, 'CONTACT_NOT_FOUND'],
  }),
  remove: operation({
    method: 'post',
    path: '/contacts/:id/remove',
    tag: '联系人',
    auth: true,
    params: idParams,
    response: removedAnswer,
    summary: 'Remove a hand-entered contact from the customer (kept for rulings and history)',
    description: 'WeCom external contacts follow WeCom and are refused with 409 INVALID_STATE.',
    errors: [...keeperErrors, 'CONTACT_NOT_FOUND', 'INVALID_STATE'],
  }),
};

/** A customer's contacts and key persons (KP). */
export function contactRoutes(deps: AppDeps): Router {
  return apiRouter(deps, contactOperations, {
    add: answerForId<ContactBody>(deps, (customerId, contact, ctx) => addContact({ customerId, contact }, ctx), 201),
    edit: answerForId<ContactChangesBody>(deps, (contactId, changes, ctx) => editContact({ contactId, changes }, ctx)),
    remove: answerForId(deps, (contactId, _body, ctx) => removeContact({ contactId }, ctx)),
  });
}
