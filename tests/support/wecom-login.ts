import { manualClock } from '../../models/shared/clock.js';
import { startWecomEmulator, type WecomEmulator } from '../../server/wecom/emulator/wecom-emulator.js';
import { withEmulator } from '../../server/wecom/local-mode.js';
import { startTestApp, type TestApp } from './app.js';
import { testConfig } from './factories.js';
import { testCorp, testWecomClient } from './wecom.js';

export interface LocalModeApp {
  app: TestApp;
  emulator: WecomEmulator;
  /** A wx.qy.login code for the member, as WeCom gives the mini-app (single use, 5 minutes). */
  loginCode(userId: string): string;
  close(): Promise<void>;
}

/**
 * The app as `npm start` runs it without WeCom credentials: local mode, the WeCom client talking to the
 * emulator on loopback, and local login codes issued by the emulator.
 */
export async function startLocalModeApp(
  env: Record<string, string> = {},
  start = '2026-03-02T02:00:00Z',
): Promise<LocalModeApp> {
  const clock = manualClock(start);
  const emulator = await startWecomEmulator({ corp: testCorp, clock, callbackRetries: 0 });
  const config = withEmulator(testConfig(env), emulator);
  const loginCode = (userId: string) => emulator.state.issueLoginCode(userId);
  const app = await startTestApp({
    config,
    clock,
    wecom: testWecomClient(config),
    issueLocalLoginCode: (userId) => emulator.state.issueMemberLoginCode(userId),
  });
  return {
    app,
    emulator,
    loginCode,
    close: async () => {
      await app.close();
      await emulator.close();
    },
  };
}
