import type { FormInstance } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

type NamePath = (string | number)[];

const samePrefix = (name: NamePath, path: NamePath) =>
  name.length <= path.length && name.every((seg, i) => String(seg) === String(path[i]));

/**
 * Puts the API's validation message on the form field it names (`error.field`
 * such as `extension`, `destination.extension` or `numbers.1`): the longest
 * registered field that is a prefix of that path gets it. Anything else is a toast.
 * Returns true when the error was shown on a field.
 */
export function showApiError(
  err: unknown,
  opts: { form?: FormInstance; message: MessageInstance; t: TFunction },
): boolean {
  const { form, message, t } = opts;
  if (!(err instanceof ApiError)) {
    message.error(t('errors.network'));
    return false;
  }
  if (form && err.field) {
    const path: NamePath = err.field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const registered = form
      .getFieldsError()
      .map((f) => f.name as NamePath)
      .filter((n) => samePrefix(n, path))
      .sort((a, b) => b.length - a.length);
    const target = registered[0];
    if (target) {
      form.setFields([{ name: target, errors: [err.message] }]);
      form.scrollToField(target);
      return true;
    }
  }
  message.error(`${t(`errors.${err.code}`, { defaultValue: t('errors.failed') })}: ${err.message}`);
  return false;
}
