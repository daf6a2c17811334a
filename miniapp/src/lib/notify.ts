// How the mini-app tells a person something. A toast with an icon shows at most 7 Chinese characters
// and a plain one about two short lines; anything longer is cut off by WeChat, so it goes to a dialog.

const ICON_TOAST_MAX = 7;
const PLAIN_TOAST_MAX = 20;

const length = (text: string) => text.split('').length;

/** A short success toast ("已认领"); falls back to a plain message when the text would be cut. */
export function toastDone(title: string): void {
  if (length(title) <= ICON_TOAST_MAX) {
    void wx.showToast({ title, icon: 'success' });
  } else {
    tell(title);
  }
}

/** A message without an icon: a toast when it fits, else a dialog with one button. */
export function tell(message: string): void {
  if (length(message) <= PLAIN_TOAST_MAX) {
    void wx.showToast({ title: message, icon: 'none' });
  } else {
    void wx.showModal({ title: '提示', content: message, showCancel: false });
  }
}
