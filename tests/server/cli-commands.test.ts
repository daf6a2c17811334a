import { describe, expect, it } from 'vitest';
import { cliCommands } from '../../server/cli/commands.js';

// The CLI finds a command by the name in its table and loads the command's module only then.

describe('the CLI command table', () => {
  it('when each entry of the table is loaded, then it is the command of that name, each name once', async () => {
    const loaded = await Promise.all(cliCommands.map((entry) => entry.load()));
    expect(loaded.map((command) => command.name)).toEqual(cliCommands.map((entry) => entry.name));
    expect(new Set(cliCommands.map((entry) => entry.name)).size).toBe(cliCommands.length);
    for (const command of loaded) {
      expect(command.usage.startsWith(command.name)).toBe(true);
    }
  });
});
