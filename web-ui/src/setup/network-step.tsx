import { Alert, App, Button, Descriptions, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post, put } from '../api/client';
import { showApiError } from '../components/api-errors';
import { getHost, type HostView } from './host-api';

/**
 * DHCP or a static address. The change is live at once; the box undoes it
 * by itself unless it is confirmed from the new address in time, so the
 * page shows the countdown, a link to the new address and the confirm button.
 */
export function NetworkStep({ host, onHost }: { host: HostView; onHost: (h: HostView) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const mode = Form.useWatch('mode', form) ?? host.network.mode;
  const pending = host.pending;

  // while a change waits, follow its countdown and learn when the box undid it
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void getHost().then(onHost, () => {}), 1000);
    return () => clearInterval(timer);
  }, [pending, onHost]);

  const apply = async (v: Record<string, unknown>) => {
    setBusy(true);
    try {
      const network =
        v.mode === 'dhcp'
          ? { mode: 'dhcp' }
          : {
              mode: 'static',
              interface: v.interface,
              address: v.address,
              prefix: v.prefix,
              gateway: v.gateway,
              dns: v.dns ?? [],
            };
      onHost(await put<HostView>('/host/network', { network, confirmSeconds: v.confirmSeconds }));
      setConfirmError(null);
    } catch (err) {
      showApiError(err, { form, message, t });
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    try {
      onHost(await post<HostView>('/host/network/confirm'));
      setConfirmError(null);
      message.success(t('setup.confirmed'));
    } catch (err) {
      setConfirmError((err as Error).message);
    }
  };

  const current = host.network;
  const initial =
    current.mode === 'static'
      ? { ...current, confirmSeconds: 60 }
      : { mode: 'dhcp', interface: host.interfaces[0]?.name, prefix: 24, dns: [], confirmSeconds: 60 };
  const newUrl =
    pending?.confirmFrom != null
      ? `${window.location.protocol}//${pending.confirmFrom}${window.location.port ? `:${window.location.port}` : ''}/console/setup`
      : null;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions size="small" column={1} bordered>
        {host.interfaces.map((i) => (
          <Descriptions.Item key={i.name} label={`${t('setup.current')} · ${i.name}`}>
            {i.addresses.join(', ') || '—'} <span style={{ color: '#999' }}>{i.mac}</span>
          </Descriptions.Item>
        ))}
      </Descriptions>
      {host.lastRevert && !pending && (
        <Alert
          type="warning"
          showIcon
          data-testid="network-reverted"
          title={t('setup.reverted', { at: dayjs(host.lastRevert.at).format('HH:mm:ss') })}
        />
      )}
      {pending ? (
        <Alert
          type="info"
          showIcon
          data-testid="network-pending"
          title={t('setup.pendingTitle')}
          description={
            <Space orientation="vertical">
              <span>
                {t(pending.confirmFrom ? 'setup.pendingText' : 'setup.pendingDhcp', {
                  seconds: pending.secondsLeft,
                })}
              </span>
              {newUrl && (
                <a href={newUrl} data-testid="network-new-url">
                  {t('setup.openNew')}: {newUrl}
                </a>
              )}
              {confirmError && (
                <Alert type="error" showIcon title={confirmError} data-testid="confirm-error" />
              )}
              <Button type="primary" onClick={() => void confirm()} data-testid="network-confirm">
                {t('setup.confirm')}
              </Button>
            </Space>
          }
        />
      ) : (
        <Form form={form} name="network" layout="vertical" initialValues={initial} onFinish={apply}>
          <Form.Item name="mode" label={t('setup.mode')}>
            <Radio.Group>
              <Radio value="dhcp">{t('setup.dhcp')}</Radio>
              <Radio value="static">{t('setup.static')}</Radio>
            </Radio.Group>
          </Form.Item>
          {mode === 'static' && (
            <>
              <Form.Item name="interface" label={t('setup.interface')} rules={[{ required: true }]}>
                <Select options={host.interfaces.map((i) => ({ value: i.name, label: i.name }))} />
              </Form.Item>
              <Space wrap>
                <Form.Item name="address" label={t('setup.address')} rules={[{ required: true }]}>
                  <Input placeholder="192.168.1.20" style={{ width: 180 }} />
                </Form.Item>
                <Form.Item name="prefix" label={t('setup.prefix')} rules={[{ required: true }]}>
                  <InputNumber min={8} max={30} />
                </Form.Item>
                <Form.Item name="gateway" label={t('setup.gateway')} rules={[{ required: true }]}>
                  <Input placeholder="192.168.1.1" style={{ width: 180 }} />
                </Form.Item>
              </Space>
              <Form.Item name="dns" label={t('setup.dns')} extra={t('setup.dnsHelp')}>
                <Select mode="tags" open={false} suffixIcon={null} placeholder="223.5.5.5" />
              </Form.Item>
            </>
          )}
          <Form.Item name="confirmSeconds" label={t('setup.confirmSeconds')} extra={t('setup.confirmHelp')}>
            <InputNumber min={10} max={600} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="network-apply">
            {t('setup.apply')}
          </Button>
        </Form>
      )}
    </Space>
  );
}
