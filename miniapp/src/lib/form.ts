import { errorMessage } from './api';
import { tell, toastDone } from './notify';

// Forms of the mini-app keep their inputs under `form`; each <input> names its field in data-field, and so
// does each picker and switch for the page field it sets. A form is sent once at a time.

interface FormPage {
  data: { saving?: boolean };
  setData(change: Record<string, unknown>): void;
}

type FieldEvent = { currentTarget: { dataset: Record<string, unknown> } };
const fieldOf = (e: FieldEvent) => String(e.currentTarget.dataset.field);

/** The setData change an input makes to its form field, or null when data-field names none of the form's fields. */
export function formFieldChange<F extends string>(
  e: WechatMiniprogram.Input,
  fields: readonly F[],
): Record<string, string> | null {
  const field = fieldOf(e) as F;
  return fields.includes(field) ? { [`form.${field}`]: e.detail.value } : null;
}

/** The bindinput handler of a form's inputs (onField). */
export const formInput = (fields: readonly string[]) =>
  function onField(this: FormPage, e: WechatMiniprogram.Input): void {
    const change = formFieldChange(e, fields);
    if (change) this.setData(change);
  };

/** bindchange of a selector picker: the index picked. */
export function onPickIndex(this: FormPage, e: WechatMiniprogram.PickerChange): void {
  this.setData({ [fieldOf(e)]: Number(e.detail.value) });
}

/** bindchange of a date picker: the date picked, as YYYY-MM-DD. */
export function onPickDate(this: FormPage, e: WechatMiniprogram.PickerChange): void {
  this.setData({ [fieldOf(e)]: String(e.detail.value) });
}

/** bindchange of a switch. */
export function onToggle(this: FormPage, e: WechatMiniprogram.SwitchChange): void {
  this.setData({ [fieldOf(e)]: e.detail.value });
}

/**
 * Sends a form unless it is being sent: `saving` is set while the request runs, `saved` gets the answer;
 * a failure is told in the server's words, unless `refused` shows it some other way (and says so).
 */
export async function saveForm<T>(
  page: FormPage,
  send: () => Promise<T>,
  saved: (answer: T) => void | Promise<void>,
  refused?: (error: unknown) => boolean,
): Promise<void> {
  if (page.data.saving) return;
  page.setData({ saving: true });
  try {
    await saved(await send());
  } catch (error) {
    if (!refused?.(error)) tell(errorMessage(error));
  }
  page.setData({ saving: false });
}

/** After a form was saved: say so, and go back to the page it was opened from. */
export function doneAndBack(title: string): void {
  toastDone(title);
  void wx.navigateBack();
}
