import { App, Card, Col, DatePicker, Form, InputNumber, Row, Select, Space, Statistic, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffingDay, StaffingSlot } from '../../../src/staffing/schema';
import type { WhatIf } from '../../../src/staffing/service';
import { get } from '../api/client';
import { showApiError } from '../components/api-errors';
import { Chart } from '../components/chart';
import { useOptions } from '../components/use-options';

interface Target {
  serviceLevelPct: number;
  targetSeconds?: number;
  maxOccupancyPct: number;
}
const DEFAULT_TARGET: Target = { serviceLevelPct: 80, maxOccupancyPct: 85 };

/** Forecast calls as bars; agents needed and agents logged in as lines, per half hour. */
function dayChart(day: StaffingDay, t: (k: string) => string) {
  const slots = day.slots;
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [t('staffing.forecastCalls'), t('staffing.needed'), t('staffing.loggedIn')] },
    xAxis: { type: 'category', data: slots.map((s) => s.time) },
    yAxis: [
      { type: 'value', name: t('staffing.calls') },
      { type: 'value', name: t('staffing.agents'), minInterval: 1 },
    ],
    series: [
      { name: t('staffing.forecastCalls'), type: 'bar', data: slots.map((s) => s.forecastCalls) },
      {
        name: t('staffing.needed'),
        type: 'line',
        step: 'middle',
        yAxisIndex: 1,
        data: slots.map((s) => s.agentsNeeded),
      },
      { name: t('staffing.loggedIn'), type: 'line', yAxisIndex: 1, data: slots.map((s) => s.loggedIn) },
    ],
  };
}

function TargetFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="serviceLevelPct" label={t('staffing.serviceLevelPct')}>
        <InputNumber min={1} max={99.9} suffix="%" />
      </Form.Item>
      <Form.Item name="targetSeconds" label={t('staffing.targetSeconds')}>
        <InputNumber min={1} max={3600} placeholder={t('staffing.queueDefault')} suffix={t('staffing.sec')} />
      </Form.Item>
      <Form.Item name="maxOccupancyPct" label={t('staffing.maxOccupancyPct')}>
        <InputNumber min={10} max={100} suffix="%" />
      </Form.Item>
    </>
  );
}

/** One queue's day: the forecast, the agents Erlang C asks for and those who were logged in. */
function DayCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queues = useOptions<{ id: number; name: string }>(
    '/queues',
    (q) => q.name,
    (q) => q.id,
  );
  const [queueId, setQueueId] = useState<number>();
  const [date, setDate] = useState<Dayjs>(dayjs());
  const [weeks, setWeeks] = useState(4);
  const [target, setTarget] = useState<Target>(DEFAULT_TARGET);
  const [day, setDay] = useState<StaffingDay>();
  useEffect(() => {
    if (queueId === undefined && queues.options[0]) setQueueId(Number(queues.options[0].value));
  }, [queues.options, queueId]);
  useEffect(() => {
    if (queueId === undefined) return;
    let live = true;
    get<StaffingDay>('/staffing/day', { queueId, date: date.format('YYYY-MM-DD'), weeks, ...target })
      .then((d) => live && setDay(d))
      .catch((err) => live && showApiError(err, { message, t }));
    return () => {
      live = false;
    };
  }, [queueId, date, weeks, target, message, t]);
  const option = useMemo(() => (day ? dayChart(day, t) : null), [day, t]);
  const busy = day?.slots.filter((s) => s.forecastCalls > 0) ?? [];
  return (
    <Card title={t('staffing.dayTitle')}>
      <Form
        name="staffingDay"
        layout="inline"
        initialValues={DEFAULT_TARGET}
        onValuesChange={(_, all) => setTarget(all)}
      >
        <Form.Item label={t('staffing.queue')}>
          <Select
            data-testid="staffing-queue"
            style={{ minWidth: 160 }}
            options={queues.options}
            value={queueId}
            onChange={(v) => setQueueId(Number(v))}
          />
        </Form.Item>
        <Form.Item label={t('staffing.date')}>
          <DatePicker value={date} allowClear={false} onChange={(d) => d && setDate(d)} />
        </Form.Item>
        <Form.Item label={t('staffing.weeks')}>
          <InputNumber min={1} max={26} value={weeks} onChange={(v) => v && setWeeks(v)} />
        </Form.Item>
        <TargetFields />
      </Form>
      {day && option && (
        <>
          <p style={{ marginTop: 16 }}>{t('staffing.sampled', { dates: day.sampledDates.join('、') })}</p>
          <Chart option={option} height={320} />
          <Table<StaffingSlot>
            data-testid="staffing-slots"
            size="small"
            rowKey="time"
            pagination={false}
            dataSource={busy}
            locale={{ emptyText: t('staffing.noCalls') }}
            columns={[
              { title: t('staffing.time'), dataIndex: 'time' },
              { title: t('staffing.forecastCalls'), dataIndex: 'forecastCalls' },
              { title: t('staffing.aht'), dataIndex: 'forecastAhtSec' },
              { title: t('staffing.needed'), dataIndex: 'agentsNeeded' },
              {
                title: t('staffing.expectedSl'),
                dataIndex: 'serviceLevelPct',
                render: (v) => (v === null ? '—' : `${v}%`),
              },
              { title: t('staffing.loggedIn'), dataIndex: 'loggedIn', render: (v) => (v === null ? '—' : v) },
            ]}
          />
        </>
      )}
    </Card>
  );
}

/** The what-if calculator: calls, handle time and a target in, agents out. */
function WhatIfCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [input, setInput] = useState({ calls: 100, intervalMinutes: 30, ahtSeconds: 180, ...DEFAULT_TARGET });
  const [out, setOut] = useState<WhatIf>();
  useEffect(() => {
    let live = true;
    get<WhatIf>('/staffing/erlang', input)
      .then((r) => live && setOut(r))
      .catch((err) => live && showApiError(err, { message, t }));
    return () => {
      live = false;
    };
  }, [input, message, t]);
  return (
    <Card title={t('staffing.whatIfTitle')}>
      <Form
        name="staffingWhatIf"
        layout="vertical"
        initialValues={input}
        onValuesChange={(_, all) => setInput(all)}
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="calls" label={t('staffing.calls')}>
              <InputNumber data-testid="whatif-calls" min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="intervalMinutes" label={t('staffing.intervalMinutes')}>
              <InputNumber min={1} max={1440} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="ahtSeconds" label={t('staffing.aht')}>
              <InputNumber data-testid="whatif-aht" min={1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Space wrap>
          <TargetFields />
        </Space>
      </Form>
      {out && (
        <Row gutter={16} data-testid="whatif-result">
          <Col span={6}>
            <Statistic title={t('staffing.agents')} value={out.agents} />
          </Col>
          <Col span={6}>
            <Statistic title={t('staffing.expectedSl')} value={out.serviceLevelPct} suffix="%" />
          </Col>
          <Col span={6}>
            <Statistic title={t('staffing.asa')} value={out.asaSec} suffix={t('staffing.sec')} />
          </Col>
          <Col span={6}>
            <Statistic title={t('staffing.occupancy')} value={out.occupancyPct} suffix="%" />
          </Col>
        </Row>
      )}
    </Card>
  );
}

/** 排班预测: per-queue forecast and Erlang C staffing, and the what-if calculator. */
export function StaffingPage() {
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <DayCard />
      <WhatIfCard />
    </Space>
  );
}
