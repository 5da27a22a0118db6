import { DeleteOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Popconfirm, Select, Space, Switch, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportSchedule } from '../../../src/report-schedules/store';
import { del, get, type Page, post } from '../api/client';
import { showApiError } from '../components/api-errors';
import { ModalButton } from '../components/modal-button';
import { useNamedOptions } from '../components/use-options';

type Row = Omit<ReportSchedule, 'createdAt' | 'updatedAt' | 'lastRunAt'> & {
  lastRunAt: string | null;
  nextRunAt: string | null;
};
const REPORTS = ['queueSummary', 'distribution', 'agents'] as const;
const PERIODS = ['yesterday', 'lastWeek', 'lastMonth'] as const;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const local = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** The new-schedule form in a modal; recipients one per line or comma-separated. */
function AddSchedule({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const queues = useNamedOptions('/queues');
  const frequency = Form.useWatch('frequency', form);
  const save = async () => {
    let v: Record<string, unknown>;
    try {
      v = await form.validateFields();
    } catch {
      return false;
    }
    const recipients = String(v.recipients ?? '')
      .split(/[\s,;]+/)
      .filter(Boolean);
    const { queue, ...rest } = v;
    try {
      await post('/reports/schedules', {
        ...rest,
        recipients,
        filters: queue ? { queue } : {},
        weekday: rest.frequency === 'weekly' ? rest.weekday : null,
      });
      form.resetFields();
      onSaved();
      return true;
    } catch (err) {
      showApiError(err, { form, message, t });
      return false;
    }
  };
  const options = (keys: readonly (string | number)[], prefix: string) =>
    keys.map((k) => ({ value: k, label: t(`${prefix}.${k}`) }));
  return (
    <ModalButton
      label={t('reports.schedules.add')}
      title={t('reports.schedules.add')}
      icon={<PlusOutlined />}
      testId="schedules-add"
      onOk={save}
    >
      <Form
        form={form}
        name="report-schedule"
        layout="vertical"
        initialValues={{
          report: 'queueSummary',
          period: 'yesterday',
          format: 'xlsx',
          language: 'zh',
          frequency: 'daily',
          weekday: 1,
          time: '08:00',
          enabled: true,
        }}
      >
        <Form.Item name="name" label={t('reports.schedules.name')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="report" label={t('reports.schedules.report')}>
            <Select style={{ width: 140 }} options={options(REPORTS, 'reports.schedules.reports')} />
          </Form.Item>
          <Form.Item name="period" label={t('reports.period')}>
            <Select style={{ width: 120 }} options={options(PERIODS, 'reports.schedules.periods')} />
          </Form.Item>
          <Form.Item name="queue" label={t('reports.queue')}>
            <Select allowClear style={{ width: 140 }} options={queues.options} />
          </Form.Item>
          <Form.Item name="format" label={t('reports.schedules.format')}>
            <Select
              style={{ width: 90 }}
              options={['xlsx', 'csv'].map((f) => ({ value: f, label: f.toUpperCase() }))}
            />
          </Form.Item>
          <Form.Item name="language" label={t('reports.schedules.language')}>
            <Select style={{ width: 100 }} options={options(['zh', 'en'], 'reports.schedules.languages')} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="frequency" label={t('reports.schedules.frequency')}>
            <Select
              style={{ width: 110 }}
              options={options(['daily', 'weekly'], 'reports.schedules.frequencies')}
            />
          </Form.Item>
          {frequency === 'weekly' && (
            <Form.Item name="weekday" label={t('reports.schedules.weekday')}>
              <Select
                style={{ width: 100 }}
                options={WEEKDAYS.map((d) => ({ value: d, label: t('reports.weekdays').split(',')[d - 1] }))}
              />
            </Form.Item>
          )}
          <Form.Item
            name="time"
            label={t('reports.schedules.time')}
            rules={[{ required: true, pattern: /^([01][0-9]|2[0-3]):[0-5][0-9]$/ }]}
          >
            <Input style={{ width: 90 }} placeholder="08:00" />
          </Form.Item>
          <Form.Item name="enabled" label={t('reports.schedules.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="recipients" label={t('reports.schedules.recipients')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} placeholder="boss@example.com" />
        </Form.Item>
      </Form>
    </ModalButton>
  );
}

/** 定时报表: the reports mailed daily or weekly, with their last run, and "send now". */
export function SchedulesCard() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [rows, setRows] = useState<Row[]>([]);
  const load = useCallback(() => {
    get<Page<Row>>('/reports/schedules', { limit: 100 })
      .then((p) => setRows(p.items))
      .catch((err) => showApiError(err, { message, t }));
  }, [message, t]);
  useEffect(load, [load]);
  const sendNow = async (r: Row) => {
    try {
      const res = await post<{ result: string; error: string | null }>(`/reports/schedules/${r.id}/send`);
      if (res.result === 'sent') message.success(t('reports.schedules.sent'));
      else modal.error({ title: t('reports.schedules.failed'), content: res.error });
    } catch (err) {
      showApiError(err, { message, t });
    }
    load();
  };
  const remove = async (r: Row) => {
    try {
      await del(`/reports/schedules/${r.id}`);
    } catch (err) {
      showApiError(err, { message, t });
    }
    load();
  };
  const when = (r: Row) =>
    `${r.frequency === 'weekly' ? t('reports.weekdays').split(',')[(r.weekday ?? 1) - 1] : t('reports.schedules.frequencies.daily')} ${r.time}`;
  return (
    <Card title={t('reports.schedules.title')} extra={<AddSchedule onSaved={load} />}>
      <Table<Row>
        data-testid="report-schedules"
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('reports.schedules.name'), dataIndex: 'name' },
          {
            title: t('reports.schedules.report'),
            render: (_, r) =>
              `${t(`reports.schedules.reports.${r.report}`)} · ${t(`reports.schedules.periods.${r.period}`)} · ${r.format.toUpperCase()}`,
          },
          {
            title: t('reports.schedules.when'),
            render: (_, r) => (r.enabled ? when(r) : <Tag>{t('reports.schedules.off')}</Tag>),
          },
          { title: t('reports.schedules.recipients'), render: (_, r) => r.recipients.join(', ') },
          {
            title: t('reports.schedules.lastRun'),
            render: (_, r) =>
              r.lastResult ? (
                <span title={r.lastError ?? undefined}>
                  <Tag color={r.lastResult === 'sent' ? 'green' : 'red'}>
                    {t(`reports.schedules.results.${r.lastResult}`)}
                  </Tag>
                  {local(r.lastRunAt)}
                </span>
              ) : (
                '—'
              ),
          },
          { title: t('reports.schedules.nextRun'), render: (_, r) => local(r.nextRunAt) },
          {
            title: '',
            render: (_, r) => (
              <Space>
                <Button
                  size="small"
                  icon={<SendOutlined />}
                  onClick={() => sendNow(r)}
                  data-testid={`schedule-send-${r.id}`}
                >
                  {t('reports.schedules.sendNow')}
                </Button>
                <Popconfirm title={t('reports.schedules.confirmDelete')} onConfirm={() => remove(r)}>
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('common.delete')}
                  />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
