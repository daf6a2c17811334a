import { ensureSession } from './lib/api';

// The SCRM mini-program inside WeCom. Login happens on launch (and again whenever the session expired,
// in the request layer), so the first page already has a session.
App({
  onLaunch() {
    ensureSession().catch(() => {
      // The page that needs the server shows the error; nothing to do here.
    });
  },
});
