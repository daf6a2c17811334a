// WeCom (企业微信) extensions of the mini-program API that miniprogram-api-typings does not declare
// (server/wecom/README.md §4): wx.qy.login gives a code for miniprogram/jscode2session.

declare namespace WechatMiniprogram {
  interface QyLoginSuccess {
    code: string;
    errMsg: string;
  }
  interface QyLoginOption {
    /** Third-party apps only. */
    suiteId?: string;
    success?: (result: QyLoginSuccess) => void;
    fail?: (result: { errMsg: string }) => void;
    complete?: () => void;
  }
  interface Qy {
    login(option: QyLoginOption): void;
    checkSession(option: { success?: () => void; fail?: () => void }): void;
  }
  interface Wx {
    qy: Qy;
  }
}
