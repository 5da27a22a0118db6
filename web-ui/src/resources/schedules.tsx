import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Space, Tag } from 'antd';
import { FormField } from '../components/form-fields';
import { byText } from '../components/format';
import type { ResourceBody } from './types';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

interface Schedule {
  id: number;
  name: string;
  timeZone: string;
  weekly: Record<(typeof WEEKDAYS)[number], string[]>;
  closedDates: { date: string; name: string }[];
  openDates: { date: string; name?: string; hours?: string[] }[];
}

export const schedules: ResourceBody<Schedule> = {
  api: '/schedules',
  paging: 'client',
  searchText: (s) => [s.name, s.timeZone],
  columns: ({ t }) => [
    { title: t('schedules.name'), dataIndex: 'name', sorter: byText((r) => r.name) },
    { title: t('schedules.timeZone'), dataIndex: 'timeZone' },
    {
      title: t('schedules.weekly'),
      key: 'weekly',
      render: (_, s) => (
        <Space size={[4, 4]} wrap>
          {WEEKDAYS.filter((d) => s.weekly[d]?.length).map((d) => (
            <Tag key={d}>
              {t(`schedules.day.${d}`)} {s.weekly[d].join(', ')}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: t('schedules.closedDates'), key: 'closed', render: (_, s) => s.closedDates.length },
  ],
  form: {
    width: 760,
    fields: ({ t }) => [
      { name: 'name', label: t('schedules.name'), required: true },
      {
        name: 'timeZone',
        label: t('schedules.timeZone'),
        extra: t('schedules.timeZoneHelp'),
        input: <Input placeholder="Asia/Shanghai" />,
      },
      ...WEEKDAYS.map((d) => ({
        name: ['weekly', d],
        label: t(`schedules.day.${d}`),
        extra: d === 'mon' ? t('schedules.rangesHelp') : undefined,
        input: <Select mode="tags" open={false} tokenSeparators={[',', ' ']} placeholder="09:00-18:00" />,
      })),
      <Form.Item key="closedDates" label={t('schedules.closedDates')}>
        <Form.List name="closedDates">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <FormField name={[f.name, 'date']} required input={<Input placeholder="2026-10-01" />} />
                  <FormField
                    name={[f.name, 'name']}
                    required
                    input={<Input placeholder={t('schedules.holidayName')} />}
                  />
                  <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('common.delete')} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add()} icon={<PlusOutlined />}>
                {t('schedules.addClosed')}
              </Button>
            </>
          )}
        </Form.List>
      </Form.Item>,
    ],
    toBody: (v, editing) => ({
      name: v.name,
      ...(v.timeZone ? { timeZone: v.timeZone } : {}),
      weekly: Object.fromEntries(WEEKDAYS.map((d) => [d, v.weekly?.[d] ?? []])),
      closedDates: v.closedDates ?? [],
      // Open dates are kept as they are; the console edits weekly hours and holidays.
      ...(editing ? {} : { openDates: [] }),
    }),
  },
};
