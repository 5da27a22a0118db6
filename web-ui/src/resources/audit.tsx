import { Descriptions, Tag, Typography } from 'antd';
import { FilterBar } from '../components/filter-bar';
import { byText, timeColumn } from '../components/format';
import type { ResourceBody } from './types';

interface AuditRecord {
  id: number;
  at: string;
  username: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}

const ACTION_COLOR: Record<string, string> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  login_failed: 'orange',
  password_change_failed: 'orange',
};

const json = (v: unknown) =>
  v === null || v === undefined ? (
    '—'
  ) : (
    <Typography.Text code style={{ whiteSpace: 'pre-wrap' }}>
      {JSON.stringify(v, null, 2)}
    </Typography.Text>
  );

export const audit: ResourceBody<AuditRecord> = {
  api: '/audit',
  paging: 'server',
  filters: ({ onChange }) => (
    <FilterBar
      onChange={onChange}
      fields={[
        { name: 'range', kind: 'range' },
        { name: 'entity', kind: 'text', placeholder: 'seat' },
      ]}
    />
  ),
  columns: ({ t }) => [
    timeColumn(t('audit.at'), 'at'),
    { title: t('audit.user'), dataIndex: 'username', render: (v: string) => v || t('audit.system') },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (a: string) => (
        <Tag color={ACTION_COLOR[a]}>{t(`audit.actions.${a}`, { defaultValue: a })}</Tag>
      ),
    },
    {
      title: t('audit.entity'),
      dataIndex: 'entity',
      sorter: byText((r) => r.entity),
      render: (e: string) => t(`audit.entities.${e}`, { defaultValue: e }),
    },
    { title: t('audit.entityId'), dataIndex: 'entityId', render: (v) => v ?? '—' },
    { title: t('audit.ip'), dataIndex: 'ip', render: (v) => v ?? '—' },
  ],
  expandable: (r, { t }) => (
    <Descriptions size="small" column={2} bordered>
      <Descriptions.Item label={t('audit.before')}>{json(r.before)}</Descriptions.Item>
      <Descriptions.Item label={t('audit.after')}>{json(r.after)}</Descriptions.Item>
    </Descriptions>
  ),
};
