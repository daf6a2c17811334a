import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// Preloaded into a benchmark's server process (`node --import tsx --import <this>`, bench/bench-server.ts): counts
// the database commands the process sends, by command and collection, through the driver's one send path. On
// SIGUSR2 it writes the counts so far to BENCH_COMMAND_TALLY_FILE.<pid>, so a benchmark can count the commands of a
// burst of requests in the real server (shared reads and writes included), beside the per-operation figures.

type Send = (this: unknown, ns: unknown, command: Record<string, unknown>, ...rest: unknown[]) => unknown;

const require = createRequire(import.meta.url);
const { Connection } = require('mongodb/lib/cmap/connection') as { Connection: { prototype: { command: Send } } };

const counts: Record<string, number> = {};
const send = Connection.prototype.command;
Connection.prototype.command = function (this: unknown, ns, command, ...rest) {
  const name = Object.keys(command)[0] ?? '';
  const target = command[name];
  const key = typeof target === 'string' ? `${name} ${target}` : name;
  counts[key] = (counts[key] ?? 0) + 1;
  return send.call(this, ns, command, ...rest);
};
// Each process of the server (its worker process too: forked with the same preload) writes a file of its own.
process.on('SIGUSR2', () =>
  writeFileSync(`${process.env.BENCH_COMMAND_TALLY_FILE!}.${process.pid}`, JSON.stringify(counts)),
);
