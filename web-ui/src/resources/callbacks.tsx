import { Tag } from 'antd';
import { timeColumn } from '../components/format';
import type { ResourceBody } from './types';

interface CallbackRow {
  id: number;
  queueId: number;
  number: string;
  queuedAt: string;
  requestedAt: string;
  status: string;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string;
  agent: string | null;
  result: string | null;
  updatedAt: string;
}

const STATUS_COLOR: Record<string, string> = {
  waiting: 'blue',
  calling: 'processing',
  answered: 'cyan',
  confirmed: 'geekblue',
  connected: 'green',
  failed: 'red',
  cancelled: 'default',
  abandoned: 'orange',
  interrupted: 'volcano',
};

/** Queue callbacks (read only): who waits for the box's call, and how each one ended. */
export const callbacks: ResourceBody<CallbackRow> = {
  api: '/callbacks',
  paging: 'server',
  serverSearch: false,
  canEdit: false,
  canDelete: false,
  columns: ({ t }) => [
    { title: t('callbacks.number'), dataIndex: 'number' },
    { title: t('callbacks.queue'), dataIndex: 'queueId' },
    timeColumn(t('callbacks.queuedAt'), 'queuedAt'),
    {
      title: t('callbacks.status'),
      dataIndex: 'status',
      render: (s: string) => (
        <Tag color={STATUS_COLOR[s]} data-testid={`callback-status-${s}`}>
          {t(`callbacks.statuses.${s}`, { defaultValue: s })}
        </Tag>
      ),
    },
    {
      title: t('callbacks.attempts'),
      dataIndex: 'attempts',
      render: (_: number, r) => `${r.attempts} / ${r.maxAttempts}`,
    },
    { title: t('callbacks.result'), dataIndex: 'result', render: (v: string | null) => v ?? '—' },
    { title: t('callbacks.agent'), dataIndex: 'agent', render: (v: string | null) => v ?? '—' },
    timeColumn(t('callbacks.updatedAt'), 'updatedAt'),
  ],
};
