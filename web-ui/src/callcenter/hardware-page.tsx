import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Result, Spin, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client';
import { showApiError } from '../components/api-errors';
import { formatTime } from '../components/format';

interface Port {
  port: number;
  span: number | null;
  name: string | null;
  channels: number | null;
  alarms: string[];
}
interface Card_ {
  location: string | null;
  vendor: string | null;
  model: string | null;
  driver: string | null;
  ports?: Port[];
}
interface Detection {
  present: boolean;
  dahdiLoaded: boolean;
  message: string | null;
  cards: Card_[];
  scannedAt: string;
  configured: { spans: { span: number; key: string; channels: number; trunkId: number | null }[] };
}

/** GET /hardware: what DAHDI sees; a machine without a card says so plainly. */
export function HardwarePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [d, setD] = useState<Detection | null>(null);
  const [loading, setLoading] = useState(true);
  const scan = () => {
    setLoading(true);
    get<Detection>('/hardware')
      .then(setD)
      .catch((err) => showApiError(err, { message, t }))
      .finally(() => setLoading(false));
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: scan once on mount; the Rescan button scans again
  useEffect(scan, []);
  const rescan = (
    <Button icon={<ReloadOutlined />} onClick={scan} loading={loading}>
      {t('hardware.rescan')}
    </Button>
  );
  return (
    <Card title={t('hardware.title')} extra={rescan}>
      {!d ? (
        <Spin />
      ) : !d.present ? (
        <Result
          status="info"
          title={<span data-testid="no-hardware">{t('hardware.none')}</span>}
          subTitle={t('hardware.noneText')}
        />
      ) : (
        <>
          <Descriptions
            size="small"
            items={[
              {
                label: t('hardware.dahdiLoaded'),
                children: d.dahdiLoaded ? (
                  <Tag color="green">{t('hardware.loaded')}</Tag>
                ) : (
                  <Tag>{t('hardware.notLoaded')}</Tag>
                ),
              },
              { label: t('hardware.scannedAt'), children: formatTime(d.scannedAt) },
            ]}
          />
          <Table
            rowKey={(c) => c.location ?? ''}
            size="small"
            pagination={false}
            title={() => t('hardware.cards')}
            dataSource={d.cards}
            columns={[
              { title: t('hardware.location'), dataIndex: 'location' },
              { title: t('hardware.vendor'), dataIndex: 'vendor' },
              { title: t('hardware.model'), dataIndex: 'model' },
              { title: t('hardware.driver'), dataIndex: 'driver' },
            ]}
          />
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            title={() => t('hardware.spans')}
            dataSource={d.configured.spans}
            columns={[
              { title: t('hardware.span'), dataIndex: 'span' },
              { title: t('hardware.port'), dataIndex: 'key' },
              { title: t('hardware.channels'), dataIndex: 'channels' },
              {
                title: t('hardware.trunk'),
                dataIndex: 'trunkId',
                render: (v: number | null) => (v === null ? '—' : `#${v}`),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
