import type { Agent } from 'node:http';
import { wecomEventKey } from '../../models/wecom/event-key.js';
import { parseCallbackXml } from '../../server/wecom/callback/callback-xml.js';
import { callbackUrl, signedCallback } from '../../server/wecom/emulator/emulator-callbacks.js';
import type { EmulatorCorp } from '../../server/wecom/emulator/emulator-corp.js';
import { httpCall, type HttpOutcome } from './http-call.js';

// WeCom's side of the callback channel under faults: each event is encrypted and signed afresh for
// every delivery and resent until the server answers 200, as WeCom resends what was not acknowledged.
// It records every attempt, and the dedupe key of every event that was acknowledged.

export interface CallbackAttempt extends HttpOutcome {
  key: string;
}

export class WecomCallbackSender {
  readonly attempts: CallbackAttempt[] = [];
  /** Dedupe keys (wecom_events._id) of the events the server acknowledged with 200. */
  readonly acknowledged = new Set<string>();

  constructor(
    private readonly corp: EmulatorCorp,
    private readonly endpoint: string,
    private readonly options: { agent?: Agent; timeoutMs?: number; retryDelayMs?: number; maxAttempts?: number } = {},
  ) {}

  /** Delivers one event, resending until it is acknowledged; returns how many attempts it took. */
  async deliver(xml: string): Promise<number> {
    const key = wecomEventKey(parseCallbackXml(xml));
    const maxAttempts = this.options.maxAttempts ?? 1000;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const callback = signedCallback(this.corp, xml, new Date());
      const outcome = await httpCall(callbackUrl(this.endpoint, callback.query), {
        method: 'POST',
        body: callback.body,
        headers: { 'content-type': 'text/xml' },
        agent: this.options.agent,
        timeoutMs: this.options.timeoutMs ?? 5000,
      });
      this.attempts.push({ ...outcome, key });
      if (outcome.status === 200) {
        this.acknowledged.add(key);
        return attempt;
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs ?? 500));
    }
    throw new Error(`event ${key} was never acknowledged in ${maxAttempts} attempts`);
  }
}
