// Forms of the mini-app keep their inputs under `form`; each <input> names its field in data-field.

/** The setData change an input makes to its form field, or null when data-field names none of the form's fields. */
export function formFieldChange<F extends string>(
  e: WechatMiniprogram.Input,
  fields: readonly F[],
): Record<string, string> | null {
  const field = String(e.currentTarget.dataset.field) as F;
  return fields.includes(field) ? { [`form.${field}`]: e.detail.value } : null;
}
