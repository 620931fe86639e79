import {
  get,
  type FieldErrors,
  type FieldPath,
  type FieldValues,
  type UseFormSetError,
} from 'react-hook-form';
import { ApiError, errorMessage } from '../api';

/**
 * What the long forms (接待登记, 活动记录) do with errors, in one place: find the first field
 * to show, read a field's message, and put a refused save under its field or above the buttons.
 * The typed input always stays in the form.
 */

/** The message at `path`: the field's own, or an array's (e.g. "participants"). */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  const e = get(errors, path) as { message?: string; root?: { message?: string } } | undefined;
  return e?.message ?? e?.root?.message;
}

/** The first field with an error in the form's order; for an array, its first item's field. */
export function firstErrorPath(errs: FieldErrors, topFields: readonly string[]): string | undefined {
  for (const top of topFields) {
    const e = (errs as Record<string, unknown>)[top];
    if (!e) continue;
    if (Array.isArray(e)) {
      for (const [i, v] of e.entries()) {
        if (!v) continue;
        const sub = Object.keys(v as object).find((k) => k !== 'ref' && k !== 'type' && k !== 'message');
        return sub ? `${top}.${i}.${sub}` : `${top}.${i}`;
      }
    }
    return top;
  }
  return undefined;
}

/**
 * A save the service refused: under the field it names when the form has that field (and the
 * form scrolls there), else above the buttons. Returns the text for above the buttons.
 */
export function refusedSave<T extends FieldValues>(
  error: unknown,
  topFields: readonly string[],
  setError: UseFormSetError<T>,
  showField: (path: string) => void,
): string {
  const field = error instanceof ApiError ? error.field : undefined;
  if (error instanceof ApiError && field && topFields.includes(field.split('.')[0]!)) {
    setError(field as FieldPath<T>, { type: 'server', message: error.message });
    setTimeout(() => showField(field), 0);
    return `没有保存：${error.message}`;
  }
  return `没有保存，填写的内容都还在。${errorMessage(error)}`;
}
