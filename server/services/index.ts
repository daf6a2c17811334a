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

/** Every background service, started by server/main.ts after the database is connected. */
export const backgroundServices: BackgroundService[] = [
  wecomEventProcessorService,
  wecomMessageSenderService,
  schedulerService,
];
