import { DownloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Select,
  Space,
  Table,
  type TableColumnsType,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentPerformance, AgentPerformanceReport } from '../../../src/reports/agent-performance';
import type { Distribution, Heatmap, QueueSummary, QueueSummaryItem } from '../../../src/reports/schema';
import { get, withQuery } from '../api/client';
import { showApiError } from '../components/api-errors';
import { Chart } from '../components/chart';
import { useNamedOptions, useSeatOptions } from '../components/use-options';
import { SchedulesCard } from './schedules-card';

const PERIODS = ['today', 'yesterday', 'thisWeek', 'lastMonth', 'custom'] as const;
const INTERVALS = ['15m', '30m', 'hour', 'day', 'week', 'month'] as const;
/** A summary row: a queue, or the total (id 0). */
type SummaryRow = Omit<QueueSummaryItem, 'serviceLevelSec' | 'wrapUpPerCallSec'>;
type Filter = {
  period: (typeof PERIODS)[number];
  from?: string;
  to?: string;
  queue?: number;
  agent?: string;
  did?: string;
};

const pct = (v: number | null) => (v === null ? '—' : `${v}%`);
const sec = (v: number | null) => (v === null ? '—' : v);

/** A right-aligned figure column headed by the i18n key `<prefix>.<key>`. */
const figureColumn =
  <T,>(t: (k: string) => string, prefix: string) =>
  (key: keyof T & string, render?: (v: number | null) => string | number) => ({
    title: t(`${prefix}.${key}`),
    dataIndex: key,
    align: 'right' as const,
    ...(render ? { render } : {}),
  });

/** The figures as the server computed them (docs/metrics.md); the browser never computes one. */
function summaryColumns(t: (k: string) => string): TableColumnsType<SummaryRow> {
  const n = figureColumn<SummaryRow>(t, 'reports.f');
  return [
    { title: t('reports.queue'), dataIndex: 'name' },
    n('offered'),
    n('answered'),
    n('answeredWithinSl'),
    n('abandoned'),
    n('shortAbandoned'),
    n('overflow'),
    n('serviceLevelPct', pct),
    n('abandonRatePct', pct),
    n('asaSec', sec),
    n('ahtSec', sec),
    n('holdSec'),
    n('wrapUpSec'),
    n('longestWaitSec'),
    n('transfers'),
  ];
}

/** Agent performance (docs/metrics.md, "Agent performance"): hold is part of talk. */
function agentColumns(t: (k: string) => string): TableColumnsType<AgentPerformance> {
  const n = figureColumn<AgentPerformance>(t, 'reports.a');
  return [
    { title: t('reports.agent'), dataIndex: 'agent' },
    { title: t('reports.a.name'), dataIndex: 'name', render: (v: string | null) => v ?? '—' },
    n('answered'),
    n('talkSec'),
    n('holdSec'),
    n('wrapUpSec'),
    n('loggedInSec'),
    n('pausedSec'),
    n('occupancyPct', pct),
    n('missedOffers'),
  ];
}

function distributionChart(d: Distribution, t: (k: string) => string) {
  const label = (iso: string) => {
    const x = new Date(iso);
    const p = (v: number) => String(v).padStart(2, '0');
    const date = `${x.getMonth() + 1}-${p(x.getDate())}`;
    return ['day', 'week', 'month'].includes(d.interval)
      ? date
      : `${date} ${p(x.getHours())}:${p(x.getMinutes())}`;
  };
  return {
    tooltip: { trigger: 'axis' },
    legend: {
      data: [
        t('reports.f.offered'),
        t('reports.f.answered'),
        t('reports.f.abandoned'),
        t('reports.f.serviceLevelPct'),
      ],
    },
    xAxis: { type: 'category', data: d.points.map((p) => label(p.start)) },
    yAxis: [
      { type: 'value', name: t('reports.calls'), minInterval: 1 },
      { type: 'value', name: '%', max: 100 },
    ],
    dataZoom: d.points.length > 60 ? [{ type: 'slider' }] : [],
    series: [
      { name: t('reports.f.offered'), type: 'bar', data: d.points.map((p) => p.offered) },
      { name: t('reports.f.answered'), type: 'bar', data: d.points.map((p) => p.answered) },
      { name: t('reports.f.abandoned'), type: 'bar', data: d.points.map((p) => p.abandoned) },
      {
        name: t('reports.f.serviceLevelPct'),
        type: 'line',
        yAxisIndex: 1,
        data: d.points.map((p) => p.serviceLevelPct),
      },
    ],
  };
}

function heatmapChart(h: Heatmap, t: (k: string) => string) {
  const days = t('reports.weekdays').split(',');
  return {
    tooltip: { position: 'top' },
    grid: { top: 10, bottom: 70, left: 60 },
    xAxis: {
      type: 'category',
      data: Array.from({ length: 24 }, (_, i) => `${i}`),
      splitArea: { show: true },
    },
    yAxis: { type: 'category', data: days, inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: Math.max(1, h.max),
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
    },
    series: [
      {
        name: t('reports.f.offered'),
        type: 'heatmap',
        data: h.cells.flatMap((row, d) => row.map((v, hour) => [hour, d, v])),
        label: { show: false },
      },
    ],
  };
}

/** A report's rows: a compact table, all rows, scrolling sideways on a narrow screen. */
function ReportTable<T extends object>(p: {
  testId: string;
  rowKey: keyof T & string;
  rows: T[];
  columns: TableColumnsType<T>;
}) {
  return (
    <Table<T>
      data-testid={p.testId}
      size="small"
      rowKey={p.rowKey}
      pagination={false}
      scroll={{ x: true }}
      dataSource={p.rows}
      columns={p.columns}
    />
  );
}

/** The export link of a report with the page's filter; the browser sends the session cookie. */
function ExportButtons({
  path,
  query,
}: {
  path: string;
  query: Record<string, string | number | undefined>;
}) {
  const { t } = useTranslation();
  return (
    <Space>
      {(['csv', 'xlsx'] as const).map((format) => (
        <Button
          key={format}
          size="small"
          icon={<DownloadOutlined />}
          href={withQuery(`/api/v1/reports/${path}/export`, { ...query, format })}
          data-testid={`reports-export-${path}-${format}`}
        >
          {format.toUpperCase()}
        </Button>
      ))}
      <span style={{ display: 'none' }}>{t('reports.export')}</span>
    </Space>
  );
}

/** 报表: queue summary, distribution, heat map and agent performance of a period, with filters and exports. */
export function ReportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queues = useNamedOptions('/queues');
  const seats = useSeatOptions();
  const [filter, setFilter] = useState<Filter>({ period: 'today' });
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [interval, setInterval] = useState<(typeof INTERVALS)[number]>('hour');
  const [summary, setSummary] = useState<QueueSummary>();
  const [dist, setDist] = useState<Distribution>();
  const [heat, setHeat] = useState<Heatmap>();
  const [agents, setAgents] = useState<AgentPerformanceReport>();

  const query = useMemo(() => {
    const q: Record<string, string | number | undefined> = { ...filter };
    if (filter.period === 'custom' && range) {
      q.from = range[0].format('YYYY-MM-DD');
      q.to = range[1].add(1, 'day').format('YYYY-MM-DD');
    }
    return q;
  }, [filter, range]);
  const ready = filter.period !== 'custom' || range !== null;

  useEffect(() => {
    if (!ready) return;
    let live = true;
    Promise.all([
      get<QueueSummary>('/reports/queues', query),
      get<Distribution>('/reports/distribution', { ...query, interval }),
      get<Heatmap>('/reports/heatmap', query),
      get<AgentPerformanceReport>('/reports/agents', query),
    ])
      .then(([s, d, h, a]) => {
        if (!live) return;
        setSummary(s);
        setDist(d);
        setHeat(h);
        setAgents(a);
      })
      .catch((err) => live && showApiError(err, { message, t }));
    return () => {
      live = false;
    };
  }, [query, interval, ready, message, t]);

  const distOption = useMemo(() => (dist ? distributionChart(dist, t) : null), [dist, t]);
  const heatOption = useMemo(() => (heat ? heatmapChart(heat, t) : null), [heat, t]);
  const rows: SummaryRow[] = summary
    ? [...summary.queues, { ...summary.total, id: 0, name: t('reports.total') }]
    : [];

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Form
          name="reportsFilter"
          layout="inline"
          initialValues={{ period: 'today' }}
          onValuesChange={(_, all: Filter) =>
            setFilter({
              period: all.period,
              queue: all.queue,
              agent: all.agent?.trim() || undefined,
              did: all.did?.trim() || undefined,
            })
          }
        >
          <Form.Item name="period" label={t('reports.period')}>
            <Select
              data-testid="reports-period"
              style={{ minWidth: 120 }}
              options={PERIODS.map((p) => ({ value: p, label: t(`reports.periods.${p}`) }))}
            />
          </Form.Item>
          {filter.period === 'custom' && (
            <Form.Item label={t('reports.range')}>
              <DatePicker.RangePicker
                value={range}
                onChange={(r) => setRange(r?.[0] && r[1] ? [r[0], r[1]] : null)}
              />
            </Form.Item>
          )}
          <Form.Item name="queue" label={t('reports.queue')}>
            <Select allowClear style={{ minWidth: 140 }} options={queues.options} />
          </Form.Item>
          <Form.Item name="agent" label={t('reports.agent')}>
            <Select allowClear showSearch style={{ minWidth: 140 }} options={seats.options} />
          </Form.Item>
          <Form.Item name="did" label={t('reports.did')}>
            <Input allowClear style={{ width: 140 }} />
          </Form.Item>
        </Form>
      </Card>
      <Card title={t('reports.summary')} extra={<ExportButtons path="queues" query={query} />}>
        <ReportTable<SummaryRow>
          testId="reports-summary"
          rowKey="id"
          rows={rows}
          columns={summaryColumns(t)}
        />
        {summary && (
          <p style={{ marginTop: 8 }}>{t('reports.shortNote', { sec: summary.shortAbandonSec })}</p>
        )}
      </Card>
      <Card
        title={t('reports.distribution')}
        extra={
          <Space>
            <Select
              size="small"
              data-testid="reports-interval"
              value={interval}
              onChange={setInterval}
              options={INTERVALS.map((i) => ({ value: i, label: t(`reports.intervals.${i}`) }))}
            />
            <ExportButtons path="distribution" query={{ ...query, interval }} />
          </Space>
        }
      >
        {distOption && <Chart option={distOption} height={320} />}
      </Card>
      <Card title={t('reports.heatmap')} extra={<ExportButtons path="heatmap" query={query} />}>
        {heatOption && <Chart option={heatOption} height={300} />}
      </Card>
      <Card title={t('reports.agents')} extra={<ExportButtons path="agents" query={query} />}>
        <ReportTable<AgentPerformance>
          testId="reports-agents"
          rowKey="agent"
          rows={agents?.agents ?? []}
          columns={agentColumns(t)}
        />
      </Card>
      <SchedulesCard />
    </Space>
  );
}
