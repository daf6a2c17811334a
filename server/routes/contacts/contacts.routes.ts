import Router from '@koa/router';
import { addContact, editContact, removeContact } from '../../../models/customers/use-cases/contacts.js';
import type { AppDeps } from '../../app.js';
import { employeeDomainContext } from '../../middleware/authenticate.js';
import { inputOf } from '../../middleware/validate.js';
import { mount, operation } from '../openapi/operation.js';
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

const id = (ctx: Parameters<typeof inputOf>[0]) => inputOf<unknown, unknown, { id: string }>(ctx).params.id;

/** A customer's contacts and key persons (KP). */
export function contactRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api' });
  mount(router, deps, contactOperations.add, async (ctx) => {
    const contact = inputOf<ContactBody>(ctx).body;
    ctx.status = 201;
    ctx.body = await addContact({ customerId: id(ctx), contact }, employeeDomainContext(ctx, deps));
  });
  mount(router, deps, contactOperations.edit, async (ctx) => {
    const changes = inputOf<ContactChangesBody>(ctx).body;
    ctx.body = await editContact({ contactId: id(ctx), changes }, employeeDomainContext(ctx, deps));
  });
  mount(router, deps, contactOperations.remove, async (ctx) => {
    ctx.body = await removeContact({ contactId: id(ctx) }, employeeDomainContext(ctx, deps));
  });
  return router;
}
