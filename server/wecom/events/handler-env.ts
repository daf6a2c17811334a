import type { Config } from '../../../config/config.js';
import type { Logger } from '../../../config/logger.js';
import type { Employee } from '../../../models/org/employee.model.js';
import { employeesByUserId } from '../../../models/wecom/grouped-reads.js';
import { isAppError } from '../../../models/shared/app-error.js';
import type { DomainContext } from '../../../models/shared/domain-context.js';
import type { WecomEvent } from '../../../models/wecom/wecom-event.model.js';
import { upsertEmployee } from '../../../models/wecom/org-sync.js';
import { eventFields } from '../callback/event-fields.js';
import type { WecomClient } from '../wecom.client.js';
import type { ContactReadTicket } from './contact-reads.js';

// What an event handler gets: the WeCom client, the configuration, the time and a logger — and, from the
// event processor, its place in the batch's phase read (contact-reads.ts). A handler returns a short English
// outcome for ops, and throws to have the event retried.

export interface WecomHandlerEnv {
  wecom: WecomClient;
  config: Config;
  now: Date;
  log: Logger;
  /** The batch's phase read of the contact, its employees and transfers, taken once after the WeCom call. */
  reads?: ContactReadTicket;
}

export type WecomEventHandler = (event: WecomEvent, env: WecomHandlerEnv) => Promise<string>;

export function field(event: WecomEvent, name: string): string {
  const value = eventFields(event)[name];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** When the event happened at WeCom (CreateTime), else when we received it. */
export function eventTime(event: WecomEvent): Date {
  return event.createdAtWecom ?? event.receivedAt;
}

export function wecomContext(env: WecomHandlerEnv, name = 'wecom-callback'): DomainContext {
  return { actor: { kind: 'wecom', name }, now: env.now, config: env.config };
}

/** The employee for a WeCom userid, fetched from WeCom (user/get) the first time we hear of them. */
export async function ensureEmployee(userId: string, env: WecomHandlerEnv): Promise<Employee | null> {
  const [known] = await employeesByUserId([userId]);
  if (known) {
    return known;
  }
  try {
    return (await upsertEmployee(await env.wecom.getUser(userId), env.now)).employee;
  } catch (error) {
    if (isAppError(error, 'WECOM_USER_NOT_FOUND')) {
      return null;
    }
    throw error;
  }
}
