import { reactive } from 'vue';
import { api, type ConsoleSession } from './api/api.js';
import { setCsrfToken } from './api/client.js';

// Who is logged in, loaded once per page load; the router guard waits for it.

export const session = reactive<{ current: ConsoleSession | null; loaded: boolean }>({ current: null, loaded: false });

export function useSession(value: ConsoleSession | null): void {
  session.current = value;
  session.loaded = true;
  setCsrfToken(value?.csrfToken ?? '');
}

export async function loadSession(): Promise<ConsoleSession | null> {
  if (session.loaded) {
    return session.current;
  }
  useSession((await api.session()).session);
  return session.current;
}

export const roleNames: Record<string, string> = { admin: '管理员', ops: '销售运营', manager: '主管', rep: '销售' };
