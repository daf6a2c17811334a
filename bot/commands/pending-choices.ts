import type { Clock } from '../../models/shared/clock.js';
import type { CommandReply } from './command.js';

// A numbered list the bot asked a rep to choose from, waiting for "1", "2", …. Kept in memory: a
// choice belongs to one conversation with this bot process and is worthless after a few minutes.

type Choice = NonNullable<CommandReply['choose']>;

const TTL_MS = 10 * 60_000;

export interface PendingChoices {
  set(repId: string, choice: Choice): void;
  /** The rep's open choice (removing it), if it has not expired. */
  take(repId: string): Choice | null;
  clear(repId: string): void;
}

export function pendingChoices(clock: Clock): PendingChoices {
  const open = new Map<string, { choice: Choice; until: number }>();
  return {
    set(repId, choice) {
      open.set(repId, { choice, until: clock.now().getTime() + TTL_MS });
    },
    take(repId) {
      const entry = open.get(repId);
      open.delete(repId);
      return entry && entry.until > clock.now().getTime() ? entry.choice : null;
    },
    clear(repId) {
      open.delete(repId);
    },
  };
}
