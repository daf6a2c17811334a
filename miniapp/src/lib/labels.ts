// Chinese labels of the server's codes: its one vocabulary (models/shared/vocabulary.ts), generated
// into the mini-app by scripts/generate-client-types.ts.
import { matchKeyLabels } from './vocabulary.generated';

export {
  actionLabels,
  channelLabels,
  gradeLabels,
  matchKeyLabels,
  relationLabels,
  sourceLabels,
  stageLabels,
  stateLabels,
} from './vocabulary.generated';

export function matchKeysText(keys: readonly string[]): string {
  const labels: string[] = [];
  for (const k of keys) {
    const label = matchKeyLabels[k] ?? '其他线索';
    if (labels.indexOf(label) < 0) {
      labels.push(label);
    }
  }
  return labels.join('、');
}
