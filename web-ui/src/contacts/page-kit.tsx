import { App, Button, Form, Popconfirm } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, type Page, type Sent } from '../api/client';
import { showApiError } from '../components/api-errors';

export const C = '/contacts';
export type Row<T> = Sent<T> & Record<string, unknown>;

/** A paged table's rows, reloaded on demand. */
export function usePage<T>(path: string | null, query: Record<string, string | number | undefined> = {}) {
  // the page remembers what it was loaded for: another list's rows are never shown under this one's columns
  const [loaded, setLoaded] = useState<{ for: string; page: Page<T> }>({
    for: '',
    page: { items: [], total: 0 },
  });
  const [offset, setOffset] = useState(0);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(query);
  const wanted = `${path}?${key}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the query; `tick` reloads
  useEffect(() => {
    if (path === null) return;
    let live = true;
    get<Page<T>>(path, { ...JSON.parse(key), limit: 20, offset })
      .then((p) => live && setLoaded({ for: wanted, page: p }))
      .catch(() => live && setLoaded({ for: wanted, page: { items: [], total: 0 } }));
    return () => {
      live = false;
    };
  }, [path, key, offset, tick]);
  const page = loaded.for === wanted ? loaded.page : { items: [], total: 0 };
  return {
    page,
    reload: useCallback(() => setTick((n) => n + 1), []),
    pagination: { total: page.total, pageSize: 20, onChange: (p: number) => setOffset((p - 1) * 20) },
  };
}

/** A form's submit: validated, sent, then reset and `after`; the API's refusal lands on the field it names. */
export function useSubmit<V>(send: (values: V) => Promise<unknown>, after: () => void) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const submit = async () => {
    const v = (await form.validateFields()) as V;
    try {
      await send(v);
      form.resetFields();
      after();
    } catch (err) {
      showApiError(err, { form, message, t });
    }
  };
  return { form, submit };
}

/** A row's delete, confirmed first. */
export function DeleteButton({ path, onDone }: { path: string; onDone: () => void }) {
  return (
    <Popconfirm title="?" onConfirm={() => del(path).then(onDone)}>
      <Button size="small" danger>
        ×
      </Button>
    </Popconfirm>
  );
}

/** Options of an enum, labelled by their strings under `prefix`. */
export const enumOptions = (values: readonly string[], prefix: string, t: (k: string) => string) =>
  values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));
