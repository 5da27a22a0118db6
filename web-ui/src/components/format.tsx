import { Tag } from 'antd';
import type { ColumnType } from 'antd/es/table';
import dayjs from 'dayjs';
import type { TFunction } from 'i18next';

export const formatTime = (iso: string | null | undefined) =>
  iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '—';

export const formatDuration = (seconds: number) => {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h
    ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
    : `${m}:${String(s).padStart(2, '0')}`;
};

export const formatBytes = (n: number | null | undefined) => {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
};

export const enabledTag = (on: boolean, t: TFunction) =>
  on ? <Tag color="green">{t('common.enabled')}</Tag> : <Tag>{t('common.disabled')}</Tag>;

/** Sorters for antd columns (client-side; the API does not sort). */
export const byText =
  <T,>(get: (r: T) => string | null | undefined) =>
  (a: T, b: T) =>
    (get(a) ?? '').localeCompare(get(b) ?? '', 'zh-CN');
export const byNumber =
  <T,>(get: (r: T) => number | null | undefined) =>
  (a: T, b: T) =>
    (get(a) ?? 0) - (get(b) ?? 0);

type FieldOf<T, V> = { [K in keyof T]: T[K] extends V ? K : never }[keyof T] & string;

/** A sortable column of ISO times. */
export const timeColumn = <T,>(title: string, field: FieldOf<T, string | null>): ColumnType<T> => ({
  title,
  dataIndex: field,
  render: formatTime,
  sorter: byText((r: T) => r[field] as string | null),
});

/** A sortable column of durations in whole seconds. */
export const durationColumn = <T,>(title: string, field: FieldOf<T, number>): ColumnType<T> => ({
  title,
  dataIndex: field,
  render: formatDuration,
  sorter: byNumber((r: T) => r[field] as number),
});

/** A column of string lists (numbers, dial patterns), one tag each. */
export const tagsColumn = <T,>(title: string, field: FieldOf<T, string[]>): ColumnType<T> => ({
  title,
  dataIndex: field,
  render: (list: string[]) => list.map((x) => <Tag key={x}>{x}</Tag>),
});
