import { ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  Badge,
  Button,
  Card,
  Col,
  Descriptions,
  Progress,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client';
import { formatBytes, formatTime } from '../components/format';

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

function ConnState({ state }: { state: string }) {
  const { t } = useTranslation();
  const status = state === 'connected' ? 'success' : state === 'connecting' ? 'processing' : 'error';
  return <Badge status={status} text={t(`system.conn.${state}`, { defaultValue: state })} />;
}

export function SystemPage() {
  const { t } = useTranslation();
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
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12} xl={6}>
          <Card loading={!info}>
            <Statistic title={t('system.cpu')} value={info?.cpu.loadPercent ?? '—'} suffix="%" />
            <Progress
              percent={info?.cpu.loadPercent ?? 0}
              showInfo={false}
              strokeColor={percentColor(info?.cpu.loadPercent ?? null)}
            />
            <div style={{ color: '#888' }}>
              {info?.cpu.model} · {t('system.cores', { n: info?.cpu.cores ?? '—' })}
            </div>
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card loading={!info}>
            <Statistic title={t('system.memory')} value={info?.memory?.usePercent ?? '—'} suffix="%" />
            <Progress
              percent={info?.memory?.usePercent ?? 0}
              showInfo={false}
              strokeColor={percentColor(info?.memory?.usePercent ?? null)}
            />
            <div style={{ color: '#888' }}>
              {formatBytes(info?.memory?.usedBytes)} / {formatBytes(info?.memory?.totalBytes)}
            </div>
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card loading={!info}>
            <Statistic
              title={t('system.temperature')}
              value={info?.temperatures.maxCelsius ?? t('system.notAvailable')}
              suffix={info?.temperatures.maxCelsius != null ? '°C' : ''}
            />
            <div style={{ color: '#888' }}>
              {info?.temperatures.coresCelsius.length
                ? info.temperatures.coresCelsius.map((c) => `${c}°`).join(' ')
                : t('system.noSensors')}
            </div>
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card loading={!info}>
            <Statistic title={t('system.uptime')} value={uptime(info?.host.uptimeSeconds)} />
            <div style={{ color: '#888' }}>{info?.host.hostname}</div>
          </Card>
        </Col>
      </Row>
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
                {info && <ConnState state={info.ami.state} />}{' '}
                <span style={{ color: '#888' }}>
                  {t('system.since', { at: formatTime(info?.ami.since) })}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('system.ari')}>
                {info && <ConnState state={info.ari.state} />}{' '}
                <span style={{ color: '#888' }}>
                  {t('system.since', { at: formatTime(info?.ari.since) })}
                </span>
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
          <Card title={t('system.disks')} loading={!info}>
            <Table
              size="small"
              rowKey="mount"
              pagination={false}
              dataSource={info?.disks ?? []}
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
          </Card>
        </Col>
      </Row>
      <Card title={t('system.network')} loading={!info}>
        <Table
          size="small"
          rowKey="iface"
          pagination={false}
          dataSource={info?.network ?? []}
          columns={[
            { title: t('system.iface'), dataIndex: 'iface' },
            { title: t('system.ip4'), dataIndex: 'ip4', render: (v) => v ?? '—' },
            { title: t('system.mac'), dataIndex: 'mac', render: (v) => v ?? '—' },
            {
              title: t('common.status'),
              dataIndex: 'state',
              render: (s: string) => (
                <Tag color={s === 'up' ? 'green' : 'default'}>
                  {t(`system.link.${s}`, { defaultValue: s })}
                </Tag>
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
      </Card>
    </Space>
  );
}
