import type { ConsoleSession, LoginOptions } from '../../../routes/console-auth/console-auth.schema.js';
import type { OverviewAnswer } from '../../../routes/console-overview/console-overview.schema.js';
import { get, post } from './client.js';

// Every endpoint the console calls, typed by the server's zod schemas (type-only imports).

export type { ConsoleSession, LoginOptions, OverviewAnswer };

export const api = {
  loginOptions: () => get<LoginOptions>('/console/auth/options'),
  localLogin: (userId: string) => post<ConsoleSession>('/console/auth/local-login', { userId }),
  logout: () => post<{ ok: boolean }>('/console/auth/logout'),
  session: () => get<{ session: ConsoleSession | null }>('/console/session'),
  overview: (departmentId?: number) => get<OverviewAnswer>('/console/overview', { departmentId }),
};
