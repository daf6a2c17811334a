import { reactive } from 'vue';
import { ApiError } from '../api/client.js';

// An action a console user starts from a dialog: what its button says, whether it may start, busy while
// it runs, and the server's refusal kept in its own words for the dialog to show.

/** The Chinese message of a failed request: the server's own, or the fallback for anything else. */
export const messageOf = (e: unknown, fallback = '操作失败'): string => (e instanceof ApiError ? e.message : fallback);

export interface ActionSpec {
  /** What its button says (a function where that depends on the subject). */
  label: string | (() => string);
  /** Prefix of the data-test names of its dialog's body, outcome and button (lock → lock-dialog, lock-submit). */
  test: string;
  work: () => Promise<unknown>;
  ready?: () => boolean;
  /** What a failure says; the server's message by default. */
  failed?: (e: unknown) => string;
}

export interface Action {
  readonly label: string;
  readonly test: string;
  readonly ready: boolean;
  readonly busy: boolean;
  error: string;
  /** Runs the action's work (or other work of the same dialog); a failure becomes `error`. */
  run(work?: () => Promise<unknown>): Promise<void>;
}

export function useAction(spec: ActionSpec): Action {
  const failed = spec.failed ?? ((e: unknown) => messageOf(e));
  const state = reactive({
    get label() {
      return typeof spec.label === 'function' ? spec.label() : spec.label;
    },
    test: spec.test,
    get ready() {
      return spec.ready?.() ?? true;
    },
    busy: false,
    error: '',
    async run(work: () => Promise<unknown> = spec.work) {
      state.busy = true;
      state.error = '';
      try {
        await work();
      } catch (e) {
        state.error = failed(e);
      } finally {
        state.busy = false;
      }
    },
  });
  return state;
}
