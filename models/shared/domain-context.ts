import type { Types } from 'mongoose';
import type { Config } from '../../config/config.js';

/** What an employee is to the product: a sales rep, a team's manager, sales ops, or an admin. */
export const roles = ['rep', 'manager', 'ops', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Who is acting: an employee (through the mini-app, bot or API), a scheduled job, or a WeCom event. */
export type Actor =
  | { kind: 'employee'; employeeId: Types.ObjectId; role: Role }
  | { kind: 'system'; name: string }
  | { kind: 'wecom'; name: string };

export type DomainConfig = Pick<Config, 'timezone' | 'poolDefaults'>;

/** Everything a domain function needs besides its input: who acts, when, and the configured rules. */
export interface DomainContext {
  actor: Actor;
  now: Date;
  config: DomainConfig;
}

export function systemActor(name: string): Actor {
  return { kind: 'system', name };
}
