import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { systemClock } from '../models/shared/clock.js';
import { connectDatabase } from '../models/shared/db/database.js';
import { sharedLocalClock } from '../models/shared/local-clock.js';
import { cliCommands } from './cli/commands.js';

// `npm run cli -- <command> [args]`: runs on the same configuration and database as `npm start`
// (the embedded database under DATA_DIR, or MONGODB_URI).

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const entry = cliCommands.find((c) => c.name === name);
  if (!entry) {
    const all = await Promise.all(cliCommands.map((c) => c.load()));
    const usage = all.map((c) => `  ${c.usage.padEnd(36)} ${c.summary}`).join('\n');
    console.error(`${name ? `unknown command: ${name}\n` : ''}usage: npm run cli -- <command>\n${usage}`);
    return name ? 2 : 0;
  }
  const command = await entry.load();
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, { service: 'cli' });
  const database = await connectDatabase(config, (line) => log.info(line));
  try {
    // Local mode: the same clock as the running server and its emulator (`demo advance` moves it).
    const clock = config.mode === 'local' ? await sharedLocalClock() : systemClock;
    return await command.run(args, { config, log, clock });
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
