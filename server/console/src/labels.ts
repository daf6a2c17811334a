// Chinese labels of the server's enums.

// Stages, pool states, sources and ledger actions in the product's one vocabulary (models/shared/vocabulary.ts,
// generated here), so the console says what the mini-app, the bot and the messages say.
export {
  actionLabels as actionNames,
  sourceLabels as sourceNames,
  stageLabels as stageNames,
  stateLabels as stateNames,
} from './vocabulary.generated.js';
export const money = (n: number) => `¥${Math.round(n).toLocaleString('zh-CN')}`;
import { session } from './session.js';

const zone = () => session.current?.timeZone ?? 'Asia/Shanghai';
/** A moment in the business time zone, e.g. 2026/3/2 10:00. */
export const dateTime = (iso: string | null | undefined) =>
  iso
    ? new Date(iso).toLocaleString('zh-CN', {
        hour12: false,
        timeZone: zone(),
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '—';
/** A business date, e.g. 2026/3/2. */
export const dateOnly = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleDateString('zh-CN', { timeZone: zone() }) : '—';
