import { AppError } from '../../models/errors/app-error.js';
import type { MiniprogramSessionClient } from '../../server/auth/miniapp-login.js';

// SEAM(issue 3): until the WeCom client and its loopback emulator land on main, mini-app login in tests
// talks to this stand-in of the client's jscode2session — a boundary the product owns (AppDeps.wecom):
// codes are single use and can belong to another corp, as WeCom's are.
export class CodeIssuer implements MiniprogramSessionClient {
  readonly corpId = 'wwcorp1';
  private readonly codes = new Map<string, { corpid: string; userid: string }>();
  private issued = 0;

  issue(userid: string, corpid = this.corpId): string {
    const code = `code${++this.issued}x${Math.random().toString(36).slice(2)}`;
    this.codes.set(code, { corpid, userid });
    return code;
  }

  jscode2session(code: string): Promise<{ corpid: string; userid: string; session_key: string }> {
    const found = this.codes.get(code);
    this.codes.delete(code);
    if (!found) {
      return Promise.reject(new AppError('UNAUTHENTICATED', '登录凭证无效或已使用，请重新进入小程序', { details: { errcode: 40029 } }));
    }
    return Promise.resolve({ ...found, session_key: 'secret-session-key' });
  }
}
