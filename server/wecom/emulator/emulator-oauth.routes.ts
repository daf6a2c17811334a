import Router from '@koa/router';
import type { Context } from 'koa';
import { answer } from './emulator-contact.routes.js';
import type { EmulatorState } from './emulator-state.js';
import { str } from './emulator-values.js';

// WeCom web login (企业微信扫码登录, /wwlogin/sso/login) and OAuth in WeCom's built-in browser
// (/connect/oauth2/authorize): in place of the QR code and the client's confirmation, the emulator shows
// the corp's members; choosing one redirects to redirect_uri with a code, which the server exchanges
// through auth/getuserinfo as with WeCom. Also the app's administrators (agent/get_admin_list).

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** WeCom only redirects to the app's trusted domain; the emulator only to loopback. */
function loopbackRedirect(value: unknown): URL | null {
  try {
    const url = new URL(str(value));
    return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && /^https?:$/.test(url.protocol) ? url : null;
  } catch {
    return null;
  }
}

function memberPicker(state: EmulatorState, ctx: Context, title: string): void {
  const redirect = loopbackRedirect(ctx.query.redirect_uri);
  if (str(ctx.query.appid) !== state.corp.corpId || !redirect) {
    ctx.status = 400;
    ctx.type = 'text/html';
    ctx.body = '<!doctype html><meta charset="utf-8"><p>参数错误：appid 或 redirect_uri 不正确</p>';
    return;
  }
  const members = [...state.users.values()].filter((u) => u.status === 1);
  const links = members
    .map((u) => {
      const confirm = new URLSearchParams({
        userid: u.userid,
        redirect_uri: redirect.href,
        state: str(ctx.query.state),
      });
      return `<li><a href="/_emulator/oauth/confirm?${escapeHtml(confirm.toString())}">${escapeHtml(u.name ?? u.userid)}</a> <small>${escapeHtml(u.position ?? '')}</small></li>`;
    })
    .join('');
  ctx.type = 'text/html';
  ctx.body = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>${title}</title><body><h1>${title}</h1><p>本地模拟：选择确认登录的成员</p><ul>${links}</ul></body></html>`;
}

export function oauthRoutes(state: EmulatorState, bodyOf: (ctx: Context) => Record<string, unknown>): Router {
  const router = new Router();
  router.get('/wwlogin/sso/login', (ctx) => memberPicker(state, ctx, '企业微信扫码登录'));
  router.get('/connect/oauth2/authorize', (ctx) => memberPicker(state, ctx, '企业微信授权登录'));
  router.get('/_emulator/oauth/confirm', (ctx) => {
    const redirect = loopbackRedirect(ctx.query.redirect_uri);
    const user = state.activeUser(str(ctx.query.userid));
    if (!redirect || !user) {
      ctx.status = 400;
      ctx.body = 'bad request';
      return;
    }
    redirect.searchParams.set('code', state.issueOAuthCode(user.userid));
    redirect.searchParams.set('state', str(ctx.query.state));
    ctx.redirect(redirect.href);
  });

  router.get('/cgi-bin/auth/getuserinfo', (ctx) => {
    const code = str(ctx.query.code);
    const issued = state.oauthCodes.get(code);
    state.oauthCodes.delete(code);
    if (!issued || issued.expiresAt < state.now()) {
      return answer(ctx, {}, 40029);
    }
    answer(ctx, { userid: issued.userId, user_ticket: `ticket-${code.slice(0, 8)}` });
  });
  router.post('/cgi-bin/agent/get_admin_list', (ctx) => {
    if (bodyOf(ctx).agentid !== state.corp.agentId) {
      return answer(ctx, {}, 40056);
    }
    answer(ctx, { admin: state.appAdmins.map((userid) => ({ userid, auth_type: 1 })) });
  });
  return router;
}
