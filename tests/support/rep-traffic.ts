import type { Agent } from 'node:http';
import type { Random } from './company-generator.js';
import { httpCall, type HttpOutcome } from './http-call.js';

// Mini-app traffic of one rep, as the pages make it: search the public pool, claim what looks good,
// write follow-ups on their own customers, release some, look at "我的客户". Every exchange is kept
// so a hostile test can judge each answer against what was going on at the time.

export interface ApiExchange extends HttpOutcome {
  op: string;
  rep: string;
}

interface BookEntry {
  id: string;
}

export interface RepTrafficOptions {
  baseUrl: string;
  token: string;
  rep: string;
  random: Random;
  agent: Agent;
  timeoutMs: number;
  thinkMs: [number, number];
}

export async function runRepTraffic(
  options: RepTrafficOptions,
  keepGoing: () => boolean,
  exchanges: ApiExchange[],
): Promise<void> {
  const { random, baseUrl } = options;
  const call = async (op: string, method: string, path: string, body?: unknown): Promise<ApiExchange> => {
    const outcome = await httpCall(`${baseUrl}${path}`, {
      method,
      agent: options.agent,
      timeoutMs: options.timeoutMs,
      headers: {
        authorization: `Bearer ${options.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const exchange = { ...outcome, op, rep: options.rep };
    exchanges.push(exchange);
    return exchange;
  };
  const parse = <T>(exchange: ApiExchange): T | null => {
    if (exchange.status !== 200 && exchange.status !== 201) {
      return null;
    }
    try {
      return JSON.parse(exchange.body) as T;
    } catch {
      return null;
    }
  };
  let mine: BookEntry[] = [];
  const pickMine = () => mine[Math.floor(random() * mine.length)];

  while (keepGoing()) {
    const roll = random();
    if (roll < 0.45) {
      const page = parse<{ items: { id: string }[] }>(
        await call(
          'pool-search',
          'GET',
          `/api/pool/customers?page=${1 + Math.floor(random() * 5)}&pageSize=20${random() < 0.3 ? '&q=%E5%8E%8B%E6%B5%8B' : ''}`,
        ),
      );
      const target = page?.items[Math.floor(random() * page.items.length)];
      if (target && random() < 0.7) {
        await call('claim', 'POST', `/api/customers/${target.id}/claim`, {});
      }
    } else if (roll < 0.6) {
      mine = parse<{ private: BookEntry[] }>(await call('my-customers', 'GET', '/api/my/customers'))?.private ?? mine;
    } else if (roll < 0.85) {
      const customer = pickMine();
      if (customer) {
        await call('follow-up', 'POST', `/api/customers/${customer.id}/follow-ups`, {
          content: '电话沟通了采购计划，客户下周安排技术交流，需要准备报价方案和案例。',
          contactName: '王总',
          nextStep: '周三前发报价',
        });
      }
    } else if (roll < 0.95) {
      const customer = pickMine();
      if (customer) {
        mine = mine.filter((c) => c !== customer);
        await call('release', 'POST', `/api/customers/${customer.id}/release`, { reason: '客户暂无需求，释放给同事' });
      }
    } else {
      await call('me', 'GET', '/api/me');
    }
    const [min, max] = options.thinkMs;
    await new Promise((resolve) => setTimeout(resolve, min + random() * (max - min)));
  }
}
