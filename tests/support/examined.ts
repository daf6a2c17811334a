import type { MongoClient } from 'mongodb';

// What the embedded server examined per command: every CRUD reply carries
// `examined: { docs, keys, plans: ['<collection>:<index name or COLLSCAN>'] }` (scripts/mongo/.../Examined.java),
// read here through the driver's command monitoring (the client needs `monitorCommands: true`).

export interface ExaminedTotals {
  commands: number;
  docs: number;
  keys: number;
  plans: string[];
}

interface ExaminedReply {
  examined?: { docs: number; keys: number; plans: string[] };
}

const monitoredCommands = new Set([
  'find',
  'aggregate',
  'count',
  'distinct',
  'update',
  'delete',
  'findAndModify',
  'insert',
]);

/** Counts from now on; `take()` returns the totals so far and starts again from zero. */
export function watchExamined(client: MongoClient): { take(): ExaminedTotals; stop(): void } {
  let totals: ExaminedTotals = { commands: 0, docs: 0, keys: 0, plans: [] };
  const listener = (event: { commandName: string; reply: unknown }) => {
    if (!monitoredCommands.has(event.commandName) && event.commandName !== 'getMore') {
      return;
    }
    totals.commands += 1;
    const examined = (event.reply as ExaminedReply).examined;
    if (examined) {
      totals.docs += examined.docs;
      totals.keys += examined.keys;
      totals.plans.push(...examined.plans);
    }
  };
  client.on('commandSucceeded', listener);
  return {
    take() {
      const taken = totals;
      totals = { commands: 0, docs: 0, keys: 0, plans: [] };
      return taken;
    },
    stop() {
      client.off('commandSucceeded', listener);
    },
  };
}
