import { runningEmulatorUrl } from '../wecom/local-mode.js';
import type { CliCommand } from './commands.js';
import { corpView } from './demo-corp-view.js';

// Local mode only: make the emulated WeCom corp do things, to watch the product react.

const usage =
  'demo add-contact [--user <userid>] [--company <name>] [--name <name>] | demo advance <hours> | demo refuse <external_userid> | demo messages | demo corp';

export const demoCommand: CliCommand = {
  name: 'demo',
  usage: 'demo <add-contact|advance|refuse|messages|corp>',
  summary: 'local mode: a rep adds a WeCom contact, time passes, a customer refuses a transfer, …',
  async run(args, { config }) {
    if (config.mode !== 'local') {
      console.error('demo works in local mode only (no WECOM_* credentials set)');
      return 2;
    }
    const url = runningEmulatorUrl(config);
    if (!url) {
      console.error('start the server first: npm start');
      return 1;
    }
    const option = (name: string) => {
      const at = args.indexOf(name);
      return at >= 0 ? args[at + 1] : undefined;
    };
    const call = async (method: 'GET' | 'POST', path: string, body?: unknown, view = (v: unknown): unknown => v) => {
      const res = await fetch(`${url}/_emulator${path}`, {
        method,
        ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      });
      const answer: unknown = await res.json();
      console.log(JSON.stringify(res.ok ? await Promise.resolve(view(answer)) : answer, null, 2));
      return res.ok ? 0 : 1;
    };
    switch (args[0]) {
      case 'add-contact':
        return call('POST', '/contacts', {
          userId: option('--user'),
          corpName: option('--company'),
          name: option('--name'),
        });
      case 'advance':
        return call('POST', '/advance', { hours: Number(args[1] ?? 24) });
      case 'refuse':
        return call('POST', '/transfers/refuse', { externalUserId: args[1] });
      case 'messages':
        return call('GET', '/messages');
      case 'corp':
        return call('GET', '/corp', undefined, (corp) => corpView(corp as Parameters<typeof corpView>[0]));
      default:
        console.error(`usage: npm run cli -- ${usage}`);
        return 2;
    }
  },
};
