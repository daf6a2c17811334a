import { PuppetMock, mock } from 'wechaty-puppet-mock';

// `WECHATY_PUPPET=wechaty-puppet-mock npm run bot` is how the README offers to try the bot. The mock
// puppet has no account and never logs in by itself, so the bot would wait for a login forever: here
// a mock assistant account logs in once the bot has started.

export interface TryItPuppet {
  puppet: PuppetMock;
  /** Logs the mock assistant in (after the bot started). */
  login(): void;
}

export function tryItPuppet(): TryItPuppet {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  return {
    puppet,
    login: () => mocker.login(mocker.createContact({ name: 'CRM 小助手（试用）' })),
  };
}
