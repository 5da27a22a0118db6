import { Input, InputNumber, Modal, Select, Space, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import i18n from 'i18next';
import { patch, post } from '../api/client';
import { byText, enabledTag, timeColumn } from '../components/format';
import { lazyPage } from '../components/lazy-page';
import { useNamedOptions } from '../components/use-options';
import { ConditionsInput, conditionsRule } from '../notify/conditions-input';
import type { ResourceBody } from './types';

const CHANNELS = ['voice', 'sms', 'email'] as const;

interface Rule {
  id: number;
  name: string;
  enabled: boolean;
  eventType: string;
  conditions: unknown;
  chain: string[];
  message: string;
  subject: string;
  queueId: number | null;
  taskQueueId: number | null;
  quietHours: { from: string; to: string } | null;
  perHourLimit: number;
  webhook: { url: string; timeoutMs: number; maxAttempts: number } | null;
  updatedAt: string;
}

/** The webhook's signing secret comes in the answer once (a new webhook): shown now, never again. */
function showWebhookSecret(saved: { webhookSecret?: string }) {
  if (!saved.webhookSecret) return;
  Modal.info({
    title: i18n.t('notify-rules.webhookSecret'),
    width: 560,
    content: (
      <Typography.Paragraph copyable={{ text: saved.webhookSecret }} data-testid="webhook-secret">
        <code>{saved.webhookSecret}</code>
      </Typography.Paragraph>
    ),
  });
}

function QueueSelect(props: { value?: number; onChange?: (v: number) => void }) {
  const { options, loading } = useNamedOptions('/queues');
  return <Select allowClear loading={loading} options={options} {...props} />;
}

const HM = 'HH:mm';

/** 通知规则: which events reach a customer, how (voice, SMS, e-mail, a callback task) and when. */
export const notifyRules: ResourceBody<Rule> = {
  api: '/notify/rules',
  paging: 'client',
  searchText: (r) => [r.name, r.eventType],
  columns: ({ t }) => [
    { title: t('notify-rules.name'), dataIndex: 'name', sorter: byText((r) => r.name) },
    { title: t('notify-rules.eventType'), dataIndex: 'eventType', render: (v: string) => <code>{v}</code> },
    {
      title: t('notify-rules.chain'),
      dataIndex: 'chain',
      render: (c: string[], r) => (
        <Space size={2} wrap>
          {c.map((ch, i) => (
            <Tag key={ch}>
              {i > 0 ? '→ ' : ''}
              {t(`notify-rules.channels.${ch}`)}
            </Tag>
          ))}
          {r.taskQueueId !== null && <Tag color="purple">{t('notify-rules.task')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('notify-rules.quietHours'),
      dataIndex: 'quietHours',
      render: (q: Rule['quietHours']) => (q ? `${q.from}–${q.to}` : '—'),
    },
    { title: t('common.status'), dataIndex: 'enabled', render: (on: boolean) => enabledTag(on, t) },
    timeColumn(t('common.updatedAt'), 'updatedAt'),
  ],
  form: {
    width: 860,
    initialValues: { enabled: true, conditions: { all: [] }, chain: ['voice', 'sms'], perHourLimit: 0 },
    fields: ({ t }) => [
      { name: 'name', label: t('notify-rules.name'), required: true, span: 12 },
      {
        name: 'eventType',
        label: t('notify-rules.eventType'),
        required: true,
        extra: t('notify-rules.eventTypeHelp'),
        span: 8,
        input: <Input placeholder="flight.changed" />,
      },
      { name: 'enabled', label: t('common.enabled'), span: 4, switch: true },
      {
        name: 'conditions',
        label: t('notify-rules.conditions'),
        rules: [conditionsRule(t('notify-rules.badJson'))],
        input: <ConditionsInput />,
      },
      {
        name: 'chain',
        label: t('notify-rules.chain'),
        extra: t('notify-rules.chainHelp'),
        span: 12,
        input: (
          <Select
            mode="multiple"
            options={CHANNELS.map((c) => ({ value: c, label: t(`notify-rules.channels.${c}`) }))}
          />
        ),
      },
      {
        name: 'taskQueueId',
        label: t('notify-rules.taskQueue'),
        extra: t('notify-rules.taskQueueHelp'),
        span: 6,
        input: <QueueSelect />,
      },
      {
        name: 'queueId',
        label: t('notify-rules.queue'),
        extra: t('notify-rules.queueHelp'),
        span: 6,
        input: <QueueSelect />,
      },
      {
        name: 'message',
        label: t('notify-rules.message'),
        required: true,
        extra: t('notify-rules.messageHelp'),
        input: <Input.TextArea rows={3} maxLength={1000} showCount />,
      },
      { name: 'subject', label: t('notify-rules.subject'), span: 12 },
      {
        name: 'quietHours',
        label: t('notify-rules.quietHours'),
        extra: t('notify-rules.quietHoursHelp'),
        span: 6,
        input: <TimePicker.RangePicker format={HM} order={false} />,
      },
      {
        name: 'perHourLimit',
        label: t('notify-rules.perHourLimit'),
        extra: t('notify-rules.perHourLimitHelp'),
        span: 6,
        input: <InputNumber min={0} max={100_000} style={{ width: '100%' }} />,
      },
      {
        name: ['webhook', 'url'],
        label: t('notify-rules.webhookUrl'),
        extra: t('notify-rules.webhookHelp'),
        span: 12,
        input: <Input allowClear placeholder="https://crm.example.com/hotline/events" />,
      },
      {
        name: ['webhook', 'timeoutMs'],
        label: t('notify-rules.webhookTimeoutMs'),
        span: 6,
        input: <InputNumber min={500} max={30_000} step={500} style={{ width: '100%' }} />,
      },
      {
        name: ['webhook', 'maxAttempts'],
        label: t('notify-rules.webhookMaxAttempts'),
        span: 6,
        input: <InputNumber min={1} max={10} style={{ width: '100%' }} />,
      },
    ],
    toValues: (r) => ({
      ...r,
      quietHours: r.quietHours ? [dayjs(r.quietHours.from, HM), dayjs(r.quietHours.to, HM)] : null,
    }),
    toBody: (v) => {
      const q = v.quietHours as [Dayjs, Dayjs] | null | undefined;
      return {
        name: v.name,
        enabled: v.enabled,
        eventType: v.eventType,
        conditions: v.conditions ?? { all: [] },
        chain: v.chain ?? [],
        message: v.message,
        subject: v.subject || undefined, // the API's default subject
        queueId: v.queueId ?? null,
        taskQueueId: v.taskQueueId ?? null,
        quietHours: q?.[0] && q[1] ? { from: q[0].format(HM), to: q[1].format(HM) } : null,
        perHourLimit: v.perHourLimit ?? 0,
        webhook: v.webhook?.url
          ? {
              url: v.webhook.url,
              timeoutMs: v.webhook.timeoutMs ?? 5000,
              maxAttempts: v.webhook.maxAttempts ?? 6,
            }
          : null,
      };
    },
    submit: async (v, editing) => {
      const body = notifyRules.form!.toBody(v, editing);
      const saved = await (editing
        ? patch<{ webhookSecret?: string }>(`/notify/rules/${editing.id}`, body)
        : post<{ webhookSecret?: string }>('/notify/rules', body));
      showWebhookSecret(saved);
      return saved;
    },
  },
};

/** 对接系统: the integrations allowed to post events; a secret is shown once, on create and on rotate. */
export const notifyIntegrations: ResourceBody = {
  api: '/notify/integrations',
  paging: 'client',
  columns: () => [],
  page: lazyPage(() => import('../notify/integrations-page').then((m) => m.IntegrationsPage)),
};

/** 通知结果: per rule, what each channel did; supervisors read it. */
export const notifyResults: ResourceBody = {
  api: '/notify/results',
  paging: 'client',
  columns: () => [],
  page: lazyPage(() => import('../notify/results-page').then((m) => m.NotifyResultsPage)),
};
