import { App, Button, Card, Col, Descriptions, Form, Input, InputNumber, Row, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get, type Page, post, put } from '../api/client';
import { useSession } from '../auth/session';
import { formatTime } from '../components/format';

interface Modem {
  configured: boolean;
  devicePath: string | null;
  state: 'stopped' | 'opening' | 'ready' | 'closed';
  problem: string | null;
  simReady: boolean | null;
  registration: string | null;
  signal: { csq: number; dbm: number | null } | null;
  operator: string | null;
}

interface Sms {
  id: number;
  direction: 'out' | 'in';
  number: string;
  text: string;
  status: string;
  createdAt: string;
}

const REFRESH_MS = 10_000;

/** The SMS modem on the system page: health, settings (admins), a test message, the latest messages. */
export function SmsCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isAdmin = useSession().user?.role === 'admin';
  const [modem, setModem] = useState<Modem | null>(null);
  const [items, setItems] = useState<Sms[]>([]);
  const [settings] = Form.useForm();
  const load = useCallback(() => {
    get<Modem>('/sms/modem').then(setModem, () => undefined);
    get<Page<Sms>>('/sms', { limit: 10 }).then(
      (p) => setItems(p.items),
      () => undefined,
    );
  }, []);
  useEffect(() => {
    load();
    if (isAdmin)
      get('/sms/settings').then(
        (s) => settings.setFieldsValue(s),
        () => undefined,
      );
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load, isAdmin, settings]);

  const fail = (e: unknown) => message.error(e instanceof ApiError ? e.message : String(e));
  const ok = modem?.state === 'ready' && !modem.problem;

  return (
    <Card title={t('sms.title')} data-testid="sms-card">
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('common.status')}>
              <Tag color={ok ? 'green' : modem?.configured ? 'red' : 'default'}>
                {modem ? t(`sms.state.${modem.state}`) : '—'}
              </Tag>
              {modem && !modem.configured && t('sms.notConfigured')}
            </Descriptions.Item>
            {modem?.problem && modem.configured && (
              <Descriptions.Item label={t('sms.problem')}>{modem.problem}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('sms.sim')}>
              {modem?.simReady == null ? '—' : t(modem.simReady ? 'sms.simReady' : 'sms.simMissing')}
            </Descriptions.Item>
            <Descriptions.Item label={t('sms.registration')}>{modem?.registration ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('sms.signal')}>
              {modem?.signal
                ? `CSQ ${modem.signal.csq}${modem.signal.dbm === null ? '' : ` (${modem.signal.dbm} dBm)`}`
                : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('sms.operator')}>{modem?.operator ?? '—'}</Descriptions.Item>
          </Descriptions>
          {isAdmin && (
            <Form
              form={settings}
              layout="inline"
              onFinish={(v: { devicePath: string; baud: number; smsc: string }) =>
                put('/sms/settings', { devicePath: v.devicePath || null, baud: v.baud, smsc: v.smsc || null })
                  .then(() => {
                    message.success(t('sms.saved'));
                    load();
                  })
                  .catch(fail)
              }
            >
              <Form.Item name="devicePath" label={t('sms.device')}>
                <Input placeholder="/dev/ttyUSB2" />
              </Form.Item>
              <Form.Item name="baud" label={t('sms.baud')} initialValue={115200}>
                <InputNumber />
              </Form.Item>
              <Form.Item name="smsc" label={t('sms.smsc')}>
                <Input />
              </Form.Item>
              <Button htmlType="submit">{t('sms.save')}</Button>
            </Form>
          )}
        </Col>
        <Col xs={24} lg={12}>
          <Form
            layout="vertical"
            onFinish={(v: { to: string; text: string }) =>
              post<{ parts: number }>('/sms', v)
                .then((r) => {
                  message.success(t('sms.queued', { parts: r.parts }));
                  load();
                })
                .catch(fail)
            }
          >
            <Form.Item name="to" label={t('sms.to')} rules={[{ required: true }]}>
              <Input placeholder="13800138000" />
            </Form.Item>
            <Form.Item name="text" label={t('sms.text')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} showCount />
            </Form.Item>
            <Button type="primary" htmlType="submit" disabled={!modem?.configured}>
              {t('sms.send')}
            </Button>
          </Form>
        </Col>
      </Row>
      <Table<Sms>
        style={{ marginTop: 16 }}
        size="small"
        rowKey="id"
        title={() => t('sms.recent')}
        dataSource={items}
        pagination={false}
        columns={[
          { title: t('sms.time'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
          { title: '', dataIndex: 'direction', render: (d: string) => t(`sms.direction.${d}`) },
          { title: t('sms.to'), dataIndex: 'number' },
          { title: t('sms.text'), dataIndex: 'text', ellipsis: true },
          { title: t('common.status'), dataIndex: 'status', render: (s: string) => t(`sms.status.${s}`) },
        ]}
      />
    </Card>
  );
}
