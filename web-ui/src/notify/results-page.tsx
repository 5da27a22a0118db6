import { Card, Space, Table, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../components/chart';
import { ExportButtons } from '../components/export-buttons';
import { useLoaded } from '../components/use-loaded';

/** GET /notify/results: one rule's figures (src/notify/service.ts resultsOf). */
interface RuleResult {
  ruleId: number;
  rule: string;
  events: number;
  voice: {
    calls: number;
    connects: number;
    noAnswer: number;
    confirmationsByKey: Record<string, number>;
    handOvers: number;
  };
  sms: { sent: number; delivered: number; failed: number };
  email: { sent: number; bounced: number; failed: number };
  optOuts: number;
  tasks: number;
  skipped: Record<string, number>;
}

const n = (title: string, value: (r: RuleResult) => number, testId: string) => ({
  title,
  key: testId,
  align: 'right' as const,
  render: (_: unknown, r: RuleResult) => <span data-testid={`${testId}-${r.ruleId}`}>{value(r)}</span>,
});

/** 通知结果: per rule, what each channel did, a plot of it, and the exports. */
export function NotifyResultsPage() {
  const { t } = useTranslation();
  const { data } = useLoaded<{ items: RuleResult[] }>('/notify/results');
  const items = data?.items ?? [];
  const f = (k: string) => t(`notify-results.f.${k}`);
  const option = useMemo(() => {
    const items = data?.items ?? [];
    if (!items.length) return null;
    const f = (k: string) => t(`notify-results.f.${k}`);
    const bar = (name: string, stack: string, value: (r: RuleResult) => number) => ({
      type: 'bar',
      name,
      stack,
      data: items.map(value),
    });
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: items.map((r) => r.rule) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        bar(f('voiceConnects'), 'voice', (r) => r.voice.connects),
        bar(f('voiceNoAnswer'), 'voice', (r) => r.voice.calls - r.voice.connects),
        bar(f('smsDelivered'), 'sms', (r) => r.sms.delivered),
        bar(f('smsFailed'), 'sms', (r) => r.sms.failed),
        bar(f('emailSent'), 'email', (r) => r.email.sent),
        bar(f('emailBounced'), 'email', (r) => r.email.bounced + r.email.failed),
      ],
    };
  }, [data, t]);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('notify-results.plot')} data-testid="notify-results-plot">
        {option ? <Chart option={option} /> : t('notify-results.none')}
      </Card>
      <Card
        title={t('notify-results.title')}
        extra={<ExportButtons href="/api/v1/notify/results/export" testId="notify-export" />}
      >
        <Table
          rowKey="ruleId"
          size="small"
          dataSource={items}
          pagination={false}
          scroll={{ x: true }}
          data-testid="notify-results"
          columns={[
            { title: t('notify-results.rule'), dataIndex: 'rule' },
            n(f('events'), (r) => r.events, 'events'),
            n(f('voiceCalls'), (r) => r.voice.calls, 'voice-calls'),
            n(f('voiceConnects'), (r) => r.voice.connects, 'voice-connects'),
            {
              title: f('confirmations'),
              key: 'keys',
              render: (_, r) =>
                Object.entries(r.voice.confirmationsByKey).map(([k, c]) => (
                  <Tag key={k}>{t('notify-results.key', { key: k, count: c })}</Tag>
                )),
            },
            n(f('handOvers'), (r) => r.voice.handOvers, 'handovers'),
            n(f('smsSent'), (r) => r.sms.sent, 'sms-sent'),
            n(f('smsDelivered'), (r) => r.sms.delivered, 'sms-delivered'),
            n(f('smsFailed'), (r) => r.sms.failed, 'sms-failed'),
            n(f('emailSent'), (r) => r.email.sent, 'email-sent'),
            n(f('emailBounced'), (r) => r.email.bounced, 'email-bounced'),
            n(f('emailFailed'), (r) => r.email.failed, 'email-failed'),
            n(f('tasks'), (r) => r.tasks, 'tasks'),
            n(f('optOuts'), (r) => r.optOuts, 'opt-outs'),
            {
              title: f('skipped'),
              key: 'skipped',
              render: (_, r) =>
                Object.entries(r.skipped).map(([why, c]) => (
                  <Tag key={why}>
                    {t(`notify-results.why.${why}`, { defaultValue: why })} {c}
                  </Tag>
                )),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
