import { stageLabels } from './labels';

// Moving a customer along the pipeline from its page. 成交 is not offered here: a customer is signed by
// winning a deal (赢单, with the contract) on the 商机 page. Leaving 成交 is for managers and ops and needs
// a reason, which the ledger keeps.

const movable = Object.keys(stageLabels).filter((s) => s !== 'signed');

/** The stage picked (and the reason for undoing 成交), or null when the person backed out. */
export async function pickStage(current: string): Promise<{ stage: string; reason?: string } | null> {
  const { tapIndex } = await wx.showActionSheet({ itemList: movable.map((s) => stageLabels[s] ?? s) });
  const stage = movable[tapIndex];
  if (!stage) return null;
  if (current !== 'signed') return { stage };
  const answer = await wx.showModal({
    title: '撤销成交',
    editable: true,
    placeholderText: '请写明撤销原因（记入归属记录）',
  });
  const reason = (answer as { content?: string }).content?.trim() ?? '';
  return answer.confirm ? { stage, reason } : null;
}
