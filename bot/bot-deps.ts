import type { Config } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import type { Employee } from '../models/org/employee.model.js';
import type { DomainContext } from '../models/shared/domain-context.js';
import type { Clock } from '../models/shared/clock.js';
import type { InFlight } from './in-flight.js';

/** What every bot handler gets: configuration, time, logging, and the state of the running bot. */
export interface BotDeps {
  config: Config;
  clock: Clock;
  log: Logger;
  /** Handlers in progress; shutdown (and tests) wait for them. */
  work: InFlight;
  /** The bot's account: whether it is logged in, and the employee it belongs to (null: not an employee). */
  account: { online: boolean; employee: Employee | null };
}

/** The domain context of an action the bot takes for an employee, or for nobody (system). */
export function domainContext(deps: BotDeps, employee: Employee | null): DomainContext {
  return {
    actor: employee
      ? { kind: 'employee', employeeId: employee._id, role: employee.role }
      : { kind: 'system', name: `bot:${deps.config.bot.name}` },
    now: deps.clock.now(),
    config: deps.config,
  };
}
