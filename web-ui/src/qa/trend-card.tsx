import { Card, DatePicker, Empty, Segmented, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client';
import { Chart } from '../components/chart';
import type { Trends } from './api';

type GroupBy = Trends['groupBy'];
type Period = Trends['period'];

/** Average score per group as lines over the periods; critical fails in the tooltip's series. */
function trendChart(trends: Trends, t: (k: string) => string) {
  const periods = [...new Set(trends.rows.map((r) => r.period))];
  const groups = [...new Set(trends.rows.map((r) => r.label || t('qa.noQueue')))];
  const cell = (g: string, p: string) =>
    trends.rows.find((r) => (r.label || t('qa.noQueue')) === g && r.period === p);
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: groups },
    xAxis: { type: 'category', data: periods },
    yAxis: [
      { type: 'value', name: t('qa.average'), min: 0, max: 100 },
      { type: 'value', name: t('qa.criticalFails'), minInterval: 1 },
    ],
    series: [
      ...groups.map((g) => ({
        name: g,
        type: 'line',
        connectNulls: true,
        data: periods.map((p) => cell(g, p)?.average ?? null),
      })),
      {
        name: t('qa.criticalFails'),
        type: 'bar',
        yAxisIndex: 1,
        data: periods.map((p) =>
          trends.rows.filter((r) => r.period === p).reduce((n, r) => n + r.criticalFails, 0),
        ),
      },
    ],
  };
}

/** The QA trend: per agent or queue, per day, week or month (an agent's own only, as the API decides). */
export function TrendCard({ title }: { title: string }) {
  const { t } = useTranslation();
  const [groupBy, setGroupBy] = useState<GroupBy>('agent');
  const [period, setPeriod] = useState<Period>('week');
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(12, 'week').startOf('day'), dayjs()]);
  const [trends, setTrends] = useState<Trends>();
  useEffect(() => {
    let live = true;
    get<Trends>('/qa/trends', {
      groupBy,
      period,
      from: range[0].startOf('day').toISOString(),
      to: range[1].endOf('day').toISOString(),
    })
      .then((r) => live && setTrends(r))
      .catch(() => live && setTrends(undefined));
    return () => {
      live = false;
    };
  }, [groupBy, period, range]);
  const option = useMemo(() => (trends ? trendChart(trends, t) : null), [trends, t]);
  return (
    <Card
      size="small"
      title={title}
      extra={
        <Space wrap>
          <Segmented
            value={groupBy}
            onChange={(v) => setGroupBy(v as GroupBy)}
            options={[
              { value: 'agent', label: t('qa.byAgent') },
              { value: 'queue', label: t('qa.byQueue') },
            ]}
          />
          <Segmented
            value={period}
            onChange={(v) => setPeriod(v as Period)}
            options={(['day', 'week', 'month'] as const).map((p) => ({ value: p, label: t(`qa.${p}`) }))}
          />
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          />
        </Space>
      }
    >
      {option && trends?.rows.length ? <Chart option={option} height={300} /> : <Empty />}
    </Card>
  );
}
