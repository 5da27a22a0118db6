import {
  ApiOutlined,
  CheckCircleOutlined,
  CloseCircleOutlined,
  PhoneOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Badge, Card, Col, Empty, Row, Space, Tag, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, type Page } from '../api/client';
import { HourBars } from '../components/hour-bars';
import { StatCards } from '../components/stat-cards';
import { trunkStatusTag } from '../components/trunk-status';
import { SetupBanner } from '../setup/setup-banner';

interface Health {
  status: 'ok' | 'degraded';
  ami: { state: string };
  ari: { state: string };
  asterisk: { version: string } | null;
}
interface SeatRow {
  registration?: { registered: boolean };
}
interface TrunkRow {
  id: number;
  name: string;
  enabled: boolean;
  status?: { registration: string; reachability: string; rttMs: number | null };
}
interface CdrRow {
  startAt: string;
}

interface AgentRow {
  state: { loggedIn: boolean };
}
interface HardwareRow {
  present: boolean;
  cards: { ports?: { span: number | null; name: string | null; alarms: string[] }[] }[];
}
/** GET /calls/figures: one queue's figures, as the server defines them (docs/metrics.md). */
interface QueueFigures {
  section: string;
  name: string;
  offered: number;
  answered: number;
  abandoned: number;
  serviceLevelPct: number | null;
  asaSec: number | null;
}
interface FiguresReport {
  queues: QueueFigures[];
  total: Omit<QueueFigures, 'section' | 'name'>;
}

interface Data {
  health?: Health;
  seats?: { total: number; registered: number };
  trunks?: TrunkRow[];
  calls?: { total: number; answered: number; missed: number; byHour: number[] };
  figures?: FiguresReport;
  agents?: { total: number; loggedIn: number };
  spans?: { present: boolean; inAlarm: string[]; total: number };
}

const REFRESH_MS = 15_000;

/**
 * A row of a short list: text, and a figure or tag at the end. Not antd's
 * List, which brings its pagination (and with it the Select) into the
 * console's first load for three trunks and two queues.
 */
function Line({ children, extra, testId }: { children: ReactNode; extra: ReactNode; testId?: string }) {
  const { token } = theme.useToken();
  return (
    <div
      data-testid={testId}
      style={{
        display: 'flex',
        justifyContent: 'space-between',
        alignItems: 'center',
        gap: 8,
        padding: '8px 0',
        borderBottom: `1px solid ${token.colorSplit}`,
      }}
    >
      <div>{children}</div>
      <div>{extra}</div>
    </div>
  );
}

async function load(): Promise<Data> {
  const from = dayjs().startOf('day').toISOString();
  const count = (disposition?: string) =>
    get<Page<CdrRow>>('/cdrs', { from, disposition, limit: 1 }).then((p) => p.total);
  const to = dayjs().startOf('day').add(1, 'day').toISOString();
  const [health, seats, trunks, today, answered, missed, figures, agents, hardware] =
    await Promise.allSettled([
      get<Health>('/system/health'),
      get<Page<SeatRow>>('/seats', { limit: 500 }),
      get<Page<TrunkRow>>('/trunks', { limit: 500 }),
      get<Page<CdrRow>>('/cdrs', { from, limit: 500 }),
      count('ANSWERED'),
      count('NO ANSWER,BUSY,FAILED,CONGESTION'),
      // the server counts every queue call of the day and computes the figures; the page only shows them
      get<FiguresReport>('/calls/figures', { from, to }),
      get<Page<AgentRow>>('/agents', { limit: 500 }),
      get<HardwareRow>('/hardware'),
    ]);
  const ok = <T,>(r: PromiseSettledResult<T>) => (r.status === 'fulfilled' ? r.value : undefined);
  const a = ok(agents);
  const hw = ok(hardware);
  const ports = hw?.cards.flatMap((c) => c.ports ?? []) ?? [];
  const s = ok(seats);
  const c = ok(today);
  const byHour = Array.from({ length: 24 }, () => 0);
  for (const row of c?.items ?? []) byHour[dayjs(row.startAt).hour()]! += 1;
  return {
    health: ok(health),
    seats: s && { total: s.total, registered: s.items.filter((x) => x.registration?.registered).length },
    trunks: ok(trunks)?.items,
    calls: c && { total: c.total, answered: ok(answered) ?? 0, missed: ok(missed) ?? 0, byHour },
    figures: ok(figures),
    agents: a && { total: a.total, loggedIn: a.items.filter((x) => x.state.loggedIn).length },
    spans: hw && {
      present: hw.present,
      total: ports.length,
      inAlarm: ports.filter((p) => p.alarms.length).map((p) => `${p.name ?? p.span}: ${p.alarms.join(' ')}`),
    },
  };
}

export function DashboardPage() {
  const { t } = useTranslation();
  const [data, setData] = useState<Data>({});
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let stop = false;
    const tick = () =>
      load().then((d) => {
        if (!stop) {
          setData(d);
          setLoading(false);
        }
      });
    void tick();
    const timer = setInterval(tick, REFRESH_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, []);

  const h = data.health;
  const connected = h?.ami.state === 'connected' && h?.ari.state === 'connected';
  const answerRate = data.calls?.total ? Math.round((data.calls.answered / data.calls.total) * 100) : null;
  const pct = (v: number | null | undefined) => (v == null ? '—' : `${Math.round(v)}%`);
  const total = data.figures?.total;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <SetupBanner />
      <StatCards
        loading={loading}
        col={{ xs: 24, sm: 12, xl: 6 }}
        cards={[
          {
            id: 'calls',
            title: t('dashboard.callsToday'),
            value: data.calls?.total ?? '—',
            prefix: <PhoneOutlined />,
            footer: (
              <Typography.Text type="secondary">
                {t('dashboard.answered')} {data.calls?.answered ?? '—'} · {t('dashboard.missed')}{' '}
                {data.calls?.missed ?? '—'}
              </Typography.Text>
            ),
          },
          {
            id: 'answer-rate',
            title: t('dashboard.answerRate'),
            value: answerRate ?? '—',
            suffix: answerRate === null ? '' : '%',
            footer: (
              <Typography.Text type="secondary">
                {t('dashboard.serviceLevel')} {pct(total?.serviceLevelPct)} · {t('dashboard.abandoned')}{' '}
                {total?.abandoned ?? '—'}
              </Typography.Text>
            ),
          },
          {
            id: 'seats',
            title: t('dashboard.seatsRegistered'),
            value: data.seats?.registered ?? '—',
            suffix: data.seats ? `/ ${data.seats.total}` : '',
            prefix: <TeamOutlined />,
            footer: (
              <Typography.Text type="secondary">
                {t('dashboard.agentsLoggedIn')}{' '}
                {data.agents ? `${data.agents.loggedIn} / ${data.agents.total}` : '—'}
              </Typography.Text>
            ),
          },
          {
            id: 'asterisk',
            title: t('dashboard.asterisk'),
            value: connected ? t('dashboard.connected') : t('dashboard.disconnected'),
            styles: { content: { color: connected ? '#389e0d' : '#cf1322' } },
            prefix: connected ? <CheckCircleOutlined /> : <CloseCircleOutlined />,
            footer: <Typography.Text type="secondary">{h?.asterisk?.version ?? '—'}</Typography.Text>,
          },
        ]}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t('dashboard.callsByHour')} loading={loading}>
            <HourBars values={data.calls?.byHour ?? []} label={t('dashboard.calls')} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card
            title={
              <Space>
                <ApiOutlined />
                {t('dashboard.trunks')}
              </Space>
            }
            extra={<Link to="/trunks">{t('dashboard.manage')}</Link>}
            loading={loading}
          >
            {data.trunks?.length ? (
              data.trunks.map((tr) => (
                <Line
                  key={tr.id}
                  extra={tr.enabled ? trunkStatusTag(tr.status, t) : <Tag>{t('common.disabled')}</Tag>}
                >
                  <Badge status={tr.enabled ? 'processing' : 'default'} text={tr.name} />
                </Line>
              ))
            ) : (
              <Empty description={t('dashboard.noTrunks')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
          <Card title={t('dashboard.queues')} style={{ marginTop: 16 }} loading={loading}>
            {data.figures?.queues.length ? (
              data.figures.queues.map((q) => (
                <Line
                  key={q.section}
                  testId={`dashboard-queue-${q.section}`}
                  extra={
                    q.serviceLevelPct === null
                      ? '—'
                      : `${t('dashboard.serviceLevel')} ${pct(q.serviceLevelPct)}`
                  }
                >
                  <Typography.Text>
                    {q.name} · {t('dashboard.answered')} {q.answered}/{q.offered} · {t('dashboard.abandoned')}{' '}
                    {q.abandoned} · {t('dashboard.asa')}{' '}
                    {q.asaSec === null ? '—' : `${Math.round(q.asaSec)}s`}
                  </Typography.Text>
                </Line>
              ))
            ) : (
              <Empty description={t('dashboard.noQueues')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
          <Card title={t('dashboard.spans')} style={{ marginTop: 16 }} loading={loading}>
            {!data.spans?.present ? (
              <Typography.Text type="secondary">{t('dashboard.noSpans')}</Typography.Text>
            ) : data.spans.inAlarm.length ? (
              data.spans.inAlarm.map((a) => (
                <Tag key={a} color="red">
                  {a}
                </Tag>
              ))
            ) : (
              <Tag color="green">{t('dashboard.spansOk', { count: data.spans.total })}</Tag>
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
