import { Tag } from 'antd';
import type { Cdr } from '../../../src/cdr/schema';
import { FilterBar } from '../components/filter-bar';
import { byText, durationColumn, timeColumn } from '../components/format';
import type { ResourceBody } from './types';

export const DISPOSITIONS = ['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED', 'CONGESTION', 'LOST'];
const COLOR: Record<string, string> = {
  ANSWERED: 'green',
  'NO ANSWER': 'orange',
  BUSY: 'gold',
  FAILED: 'red',
  CONGESTION: 'red',
  LOST: 'volcano',
};

export const cdrs: ResourceBody<Cdr> = {
  api: '/cdrs',
  paging: 'server',
  filters: ({ t, onChange }) => (
    <FilterBar
      onChange={onChange}
      fields={[
        { name: 'range', kind: 'range' },
        { name: 'number', kind: 'text', placeholder: '1001' },
        {
          name: 'disposition',
          kind: 'select',
          options: DISPOSITIONS.map((d) => ({ value: d, label: t(`cdrs.disposition.${d}`) })),
        },
      ]}
    />
  ),
  columns: ({ t }) => [
    timeColumn(t('cdrs.startAt'), 'startAt'),
    { title: t('cdrs.src'), dataIndex: 'src', sorter: byText((r) => r.src) },
    { title: t('cdrs.dst'), dataIndex: 'dst', sorter: byText((r) => r.dst) },
    { title: t('cdrs.clid'), dataIndex: 'clid', ellipsis: true },
    {
      title: t('cdrs.dispositionLabel'),
      dataIndex: 'disposition',
      render: (d: string) => <Tag color={COLOR[d]}>{t(`cdrs.disposition.${d}`, { defaultValue: d })}</Tag>,
    },
    durationColumn(t('cdrs.duration'), 'duration'),
    durationColumn(t('cdrs.billsec'), 'billsec'),
    { title: t('cdrs.userfield'), dataIndex: 'userfield', render: (v: string) => v || '—' },
  ],
};
