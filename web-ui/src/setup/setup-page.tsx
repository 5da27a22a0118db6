import { Alert, App, Button, Card, Form, Input, Select, Space, Spin, Steps, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { put } from '../api/client';
import { showApiError } from '../components/api-errors';
import { CertificateStep } from './certificate-step';
import { getHost, type HostView } from './host-api';
import { NetworkStep } from './network-step';

const STEPS = ['hostname', 'network', 'time', 'certificate', 'trunk'] as const;

/**
 * The first-login wizard (admins): host name, network, time zone and NTP,
 * the TLS certificate, a pointer to the first trunk. Shown after the first
 * admin sets their own password, and from the dashboard's banner until it
 * is finished; every step can be skipped and the page opened again.
 */
export function SetupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [host, setHost] = useState<HostView | null>(null);
  const [step, setStep] = useState(0);
  useEffect(() => {
    void getHost().then(setHost, () => {});
  }, []);
  const onHost = useCallback((h: HostView) => setHost(h), []);

  if (!host) return <Spin />;
  const last = step === STEPS.length - 1;
  const finish = async () => {
    try {
      await put('/host/wizard', { completed: true });
      message.success(t('setup.finished'));
      navigate('/');
    } catch (err) {
      showApiError(err, { message, t });
    }
  };

  return (
    <Card data-testid="setup-page">
      <Typography.Title level={4}>{t('setup.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
      {host.applier === 'files' && (
        <Alert
          type="info"
          showIcon
          title={t('setup.filesMode', { root: host.root })}
          style={{ marginBottom: 16 }}
        />
      )}
      <Steps
        current={step}
        onChange={setStep}
        items={STEPS.map((s) => ({ title: t(`setup.steps.${s}`) }))}
        style={{ marginBottom: 24 }}
      />
      <div style={{ maxWidth: 640 }} data-testid={`setup-step-${STEPS[step]}`}>
        {STEPS[step] === 'hostname' && <HostnameStep host={host} onHost={onHost} />}
        {STEPS[step] === 'network' && <NetworkStep host={host} onHost={onHost} />}
        {STEPS[step] === 'time' && <TimeStep host={host} onHost={onHost} />}
        {STEPS[step] === 'certificate' && <CertificateStep />}
        {STEPS[step] === 'trunk' && (
          <Space orientation="vertical">
            <Typography.Text>{t('setup.trunkText')}</Typography.Text>
            <Link to="/trunks">{t('setup.addTrunk')}</Link>
          </Space>
        )}
      </div>
      <Space style={{ marginTop: 24 }}>
        {step > 0 && <Button onClick={() => setStep(step - 1)}>{t('setup.back')}</Button>}
        {!last && (
          <Button onClick={() => setStep(step + 1)} data-testid="setup-next">
            {t('setup.next')}
          </Button>
        )}
        <Button type={last ? 'primary' : 'default'} onClick={() => void finish()} data-testid="setup-finish">
          {t('setup.finish')}
        </Button>
      </Space>
    </Card>
  );
}

type StepProps = { host: HostView; onHost: (h: HostView) => void };

/** A one-form step: saves through PUT `path`, names a refused field under it. */
function useSave(path: string, onHost: StepProps['onHost']) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const save = async (body: unknown) => {
    setBusy(true);
    try {
      onHost(await put<HostView>(path, body));
      message.success(t('setup.saved'));
    } catch (err) {
      showApiError(err, { form, message, t });
    } finally {
      setBusy(false);
    }
  };
  return { form, busy, save };
}

function HostnameStep({ host, onHost }: StepProps) {
  const { t } = useTranslation();
  const { form, busy, save } = useSave('/host/hostname', onHost);
  return (
    <Form
      form={form}
      name="hostname"
      layout="vertical"
      initialValues={{ hostname: host.hostname }}
      onFinish={save}
    >
      <Form.Item
        name="hostname"
        label={t('setup.hostname')}
        extra={t('setup.hostnameHelp')}
        rules={[{ required: true }]}
      >
        <Input style={{ width: 320 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="hostname-save">
        {t('setup.save')}
      </Button>
    </Form>
  );
}

function TimeStep({ host, onHost }: StepProps) {
  const { t } = useTranslation();
  const { form, busy, save } = useSave('/host/time', onHost);
  const zones = useMemo(
    () => ['UTC', ...Intl.supportedValuesOf('timeZone')].map((z) => ({ value: z, label: z })),
    [],
  );
  return (
    <Form
      form={form}
      name="time"
      layout="vertical"
      initialValues={{ timezone: host.timezone, ntp: host.ntp }}
      onFinish={(v) => save({ timezone: v.timezone, ntp: v.ntp ?? [] })}
    >
      <Form.Item name="timezone" label={t('setup.timezone')} rules={[{ required: true }]}>
        <Select showSearch options={zones} style={{ width: 320 }} />
      </Form.Item>
      <Form.Item name="ntp" label={t('setup.ntp')} extra={t('setup.ntpHelp')}>
        <Select mode="tags" open={false} suffixIcon={null} placeholder="ntp.aliyun.com" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="time-save">
        {t('setup.save')}
      </Button>
    </Form>
  );
}
