import { FieldTimeOutlined } from '@ant-design/icons';
import { Form, InputNumber, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SlaSettings } from '../../../src/tickets/schema';
import { SettingsButton } from '../components/settings-button';
import { useNamedOptions } from '../components/use-options';
import { type CategoryView, PRIORITIES, TICKETS } from './model';

/** A row of the grid: `all` for the rule without a category, `c<id>` for a category's. */
const rowKey = (categoryId: number | null) => (categoryId === null ? 'all' : `c${categoryId}`);
type Hours = Record<string, Partial<Record<string, number | null>>>;

/** SLA hours per category × priority (business hours of the chosen schedule). */
export function SlaButton({ categories }: { categories: CategoryView[] }) {
  const { t } = useTranslation();
  const schedules = useNamedOptions('/schedules');
  const rows = [
    { key: 'all', categoryId: null as number | null, label: t('tickets.allCategories') },
    ...categories.map((c) => ({ key: rowKey(c.id), categoryId: c.id as number | null, label: c.path })),
  ];
  return (
    <SettingsButton<SlaSettings>
      label={t('tickets.sla')}
      title={t('tickets.slaTitle')}
      path={`${TICKETS}/sla`}
      icon={<FieldTimeOutlined />}
      testId="ticket-sla"
      toValues={(doc) => {
        const hours: Hours = {};
        for (const r of doc.rules) {
          const row = hours[rowKey(r.categoryId)] ?? {};
          row[r.priority] = r.hours;
          hours[rowKey(r.categoryId)] = row;
        }
        return { scheduleId: doc.scheduleId ?? undefined, hours };
      }}
      toBody={(v: { scheduleId?: number; hours?: Hours }) => ({
        scheduleId: v.scheduleId ?? null,
        rules: rows.flatMap((row) =>
          PRIORITIES.flatMap((p) => {
            const hours = v.hours?.[row.key]?.[p];
            return typeof hours === 'number' ? [{ categoryId: row.categoryId, priority: p, hours }] : [];
          }),
        ),
      })}
      fields={[
        {
          name: 'scheduleId',
          label: t('tickets.schedule'),
          extra: t('tickets.scheduleHelp'),
          input: (
            <Select
              allowClear
              placeholder={t('tickets.everyHour')}
              options={schedules.options}
              loading={schedules.loading}
            />
          ),
        },
        <Typography.Paragraph key="help" type="secondary">
          {t('tickets.slaHelp')}
        </Typography.Paragraph>,
        <Table
          key="grid"
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={rows}
          columns={[
            { title: t('tickets.category'), dataIndex: 'label' },
            ...PRIORITIES.map((p) => ({
              title: t(`tickets.priorities.${p}`),
              key: p,
              width: 110,
              render: (_: unknown, row: (typeof rows)[number]) => (
                <Form.Item name={['hours', row.key, p]} noStyle>
                  <InputNumber min={0.25} max={2000} step={1} style={{ width: 90 }} />
                </Form.Item>
              ),
            })),
          ]}
        />,
      ]}
    />
  );
}
