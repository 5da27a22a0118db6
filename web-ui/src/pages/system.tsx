import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Col, Descriptions, Progress, Row, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../api/client';
import { useSession } from '../auth/session';
import { formatBytes, formatTime } from '../components/format';
import { StatCards } from '../components/stat-cards';
import { SmsCard } from './sms-card';

interface SystemInfo {
  collectedAt: string;
  host: {
    hostname: string | null;
    distro: string | null;
    kernel: string | null;
    arch: string | null;
    uptimeSeconds: number;
  };
  cpu: { model: string | null; cores: number | null; loadPercent: number | null; loadPerCore: number[] };
  memory: {
    totalBytes: number;
    usedBytes: number;
    usePercent: number | null;
    swapTotalBytes: number;
    swapUsedBytes: number;
  } | null;
  disks: {
    mount: string;
    fs: string;
    type: string;
    sizeBytes: number;
    usedBytes: number;
    usePercent: number | null;
  }[];
  temperatures: { mainCelsius: number | null; maxCelsius: number | null; coresCelsius: number[] };
  network: {
    iface: string;
    ip4: string | null;
    mac: string | null;
    state: string;
    speedMbps: number | null;
    internal: boolean;
    rxPerSecond: number | null;
    txPerSecond: number | null;
  }[];
  hotlined: { version: string; uptimeSeconds: number; node: string };
  asterisk: { version: string; uptimeSeconds: number | null } | null;
  ami: { state: string; since: string };
  ari: { state: string; since: string };
  db: { ok: boolean; sizeBytes: number; walBytes: number; schemaVersion: number };
  warnings: { key: string; subject?: string; value?: number; threshold?: number }[];
}

const REFRESH_MS = 5000;

const percentColor = (p: number | null) =>
  p === null ? undefined : p >= 90 ? '#cf1322' : p >= 75 ? '#faad14' : '#52c41a';

function useUptime() {
  const { t } = useTranslation();
  return (s: number | null | undefined) => {
    if (s === null || s === undefined) return '—';
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    return t('system.uptimeValue', { d, h, m });
  };
}

/** A load or fill gauge, coloured by how close it is to full. */
function Gauge({ percent }: { percent: number | null }) {
  return <Progress percent={percent ?? 0} showInfo={false} strokeColor={percentColor(percent)} />;
}

/** A small unpaged table in a titled card; loading until the first answer. */
function TableCard<T extends object>(props: {
  title: string;
  rowKey: keyof T & string;
  rows: T[] | undefined;
  columns: ColumnsType<T>;
  extra?: ReactNode;
}) {
  return (
    <Card title={props.title} loading={!props.rows} extra={props.extra}>
      <Table
        size="small"
        rowKey={props.rowKey}
        pagination={false}
        dataSource={props.rows ?? []}
        columns={props.columns}
      />
    </Card>
  );
}

/** An Asterisk connection (AMI, ARI): its state and since when. */
function ConnState({ conn }: { conn: { state: string; since: string } | undefined }) {
  const { t } = useTranslation();
  const state = conn?.state;
  const status = state === 'connected' ? 'success' : state === 'connecting' ? 'processing' : 'error';
  return (
    <>
      {state && <Badge status={status} text={t(`system.conn.${state}`, { defaultValue: state })} />}{' '}
      <span style={{ color: '#888' }}>{t('system.since', { at: formatTime(conn?.since) })}</span>
    </>
  );
}

export function SystemPage() {
  const { t } = useTranslation();
  const isAdmin = useSession().user?.role === 'admin';
  const uptime = useUptime();
  const [info, setInfo] = useState<SystemInfo | null>(null);
  const [error, setError] = useState(false);
  const load = useCallback(
    () =>
      get<SystemInfo>('/system/info')
        .then((i) => {
          setInfo(i);
          setError(false);
        })
        .catch(() => setError(true)),
    [],
  );
  useEffect(() => {
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const rate = (n: number | null) => (n === null ? '—' : `${formatBytes(n)}/s`);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="system-page">
      {error && <Alert type="error" showIcon title={t('system.loadFailed')} />}
      {info?.warnings.map((w) => (
        <Alert
          key={`${w.key}-${w.subject ?? ''}`}
          type="warning"
          showIcon
          title={t(`system.warning.${w.key}`, {
            subject: w.subject ?? '',
            value: w.value,
            threshold: w.threshold,
          })}
        />
      ))}
      <StatCards
        loading={!info}
        col={{ xs: 24, md: 12, xl: 6 }}
        cards={[
          {
            id: 'cpu',
            title: t('system.cpu'),
            value: info?.cpu.loadPercent ?? '—',
            suffix: '%',
            footer: (
              <>
                <Gauge percent={info?.cpu.loadPercent ?? null} />
                <div style={{ color: '#888' }}>
                  {info?.cpu.model} · {t('system.cores', { n: info?.cpu.cores ?? '—' })}
                </div>
              </>
            ),
          },
          {
            id: 'memory',
            title: t('system.memory'),
            value: info?.memory?.usePercent ?? '—',
            suffix: '%',
            footer: (
              <>
                <Gauge percent={info?.memory?.usePercent ?? null} />
                <div style={{ color: '#888' }}>
                  {formatBytes(info?.memory?.usedBytes)} / {formatBytes(info?.memory?.totalBytes)}
                </div>
              </>
            ),
          },
          {
            id: 'temperature',
            title: t('system.temperature'),
            value: info?.temperatures.maxCelsius ?? t('system.notAvailable'),
            suffix: info?.temperatures.maxCelsius != null ? '°C' : '',
            footer: (
              <div style={{ color: '#888' }}>
                {info?.temperatures.coresCelsius.length
                  ? info.temperatures.coresCelsius.map((c) => `${c}°`).join(' ')
                  : t('system.noSensors')}
              </div>
            ),
          },
          {
            id: 'uptime',
            title: t('system.uptime'),
            value: uptime(info?.host.uptimeSeconds),
            footer: <div style={{ color: '#888' }}>{info?.host.hostname}</div>,
          },
        ]}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card
            title={t('system.services')}
            loading={!info}
            extra={<Button icon={<ReloadOutlined />} onClick={load} aria-label={t('common.reload')} />}
          >
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('system.hotlinedVersion')}>
                {info?.hotlined.version}{' '}
                <Tag>
                  {t('system.node')} {info?.hotlined.node}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('system.hotlinedUptime')}>
                {uptime(info?.hotlined.uptimeSeconds)}
              </Descriptions.Item>
              <Descriptions.Item label={t('system.asteriskVersion')}>
                {info?.asterisk?.version ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('system.asteriskUptime')}>
                {uptime(info?.asterisk?.uptimeSeconds)}
              </Descriptions.Item>
              <Descriptions.Item label={t('system.ami')}>
                <ConnState conn={info?.ami} />
              </Descriptions.Item>
              <Descriptions.Item label={t('system.ari')}>
                <ConnState conn={info?.ari} />
              </Descriptions.Item>
              <Descriptions.Item label={t('system.database')}>
                {info?.db.ok ? (
                  <Badge status="success" text={t('system.dbOk')} />
                ) : (
                  <Badge status="error" text={t('system.dbError')} />
                )}{' '}
                {t('system.dbSize', {
                  size: formatBytes(info?.db.sizeBytes),
                  wal: formatBytes(info?.db.walBytes),
                  v: info?.db.schemaVersion,
                })}
              </Descriptions.Item>
              <Descriptions.Item label={t('system.os')}>
                {info?.host.distro} · {info?.host.kernel} · {info?.host.arch}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <TableCard
            title={t('system.disks')}
            rowKey="mount"
            rows={info?.disks}
            columns={[
              { title: t('system.mount'), dataIndex: 'mount' },
              { title: t('system.fsType'), dataIndex: 'type' },
              { title: t('system.size'), dataIndex: 'sizeBytes', render: formatBytes },
              {
                title: t('system.used'),
                dataIndex: 'usePercent',
                render: (p: number | null) => (
                  <Progress
                    percent={p ?? 0}
                    size="small"
                    strokeColor={percentColor(p)}
                    style={{ width: 140 }}
                  />
                ),
              },
            ]}
          />
        </Col>
      </Row>
      <TableCard
        title={t('system.network')}
        extra={isAdmin && <Link to="/setup">{t('setup.title')}</Link>}
        rowKey="iface"
        rows={info?.network}
        columns={[
          { title: t('system.iface'), dataIndex: 'iface' },
          { title: t('system.ip4'), dataIndex: 'ip4', render: (v) => v ?? '—' },
          { title: t('system.mac'), dataIndex: 'mac', render: (v) => v ?? '—' },
          {
            title: t('common.status'),
            dataIndex: 'state',
            render: (s: string) => (
              <Tag color={s === 'up' ? 'green' : 'default'}>{t(`system.link.${s}`, { defaultValue: s })}</Tag>
            ),
          },
          {
            title: t('system.speed'),
            dataIndex: 'speedMbps',
            render: (v: number | null) => (v ? `${v} Mb/s` : '—'),
          },
          { title: t('system.rx'), dataIndex: 'rxPerSecond', render: rate },
          { title: t('system.tx'), dataIndex: 'txPerSecond', render: rate },
        ]}
      />
      <SmsCard />
    </Space>
  );
}
