import type { EventShare } from '../../models/wecom/event-partition.js';
import type { AppDeps } from '../app.js';
import { wecomEventProcessorService } from '../wecom/event-processor.js';
import { wecomMessageSenderService } from '../wecom/message-sender.js';
import { schedulerService } from './scheduler.service.js';

/**
 * A background service of the server process (event processor, message sender, scheduler, …).
 * start() returns its stop function; services must survive the database going away and coming back.
 */
export interface BackgroundService {
  name: string;
  start(deps: AppDeps): Promise<() => Promise<void>>;
}

/**
 * The background services of a process, started after the database is connected: all of them (every event when
 * no `share` is given), or, in the second and later of several worker processes, the event processor on its share.
 */
export function backgroundServices(share?: EventShare): BackgroundService[] {
  if (share && share.index > 0) {
    return [wecomEventProcessorService(share)];
  }
  return [wecomEventProcessorService(share), wecomMessageSenderService, schedulerService];
}
