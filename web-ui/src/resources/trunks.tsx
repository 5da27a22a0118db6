import { Form, Input, InputNumber, Select, Switch, Tag } from 'antd';
import { byNumber, byText, enabledTag } from '../components/format';
import type { ResourceDef } from './types';

interface Trunk {
  id: number;
  kind: 'sip';
  name: string;
  enabled: boolean;
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  auth: 'ip' | 'registration';
  username: string | null;
  codecs: string[];
  maxChannels: number;
  callerId: { number: string; name?: string; presentation: 'allowed' | 'restricted' } | null;
  status?: { registration: string; reachability: string; rttMs: number | null };
}

const CODECS = ['alaw', 'ulaw', 'g722', 'gsm', 'opus'];

/** Registered/reachable is green; a refused registration or an unreachable peer is red. */
export function trunkStatusTag(s: Trunk['status'], t: (k: string) => string) {
  if (!s) return <Tag>{t('trunks.state.unknown')}</Tag>;
  if (s.registration === 'rejected' || s.reachability === 'unreachable')
    return (
      <Tag color="red">
        {t(s.registration === 'rejected' ? 'trunks.state.rejected' : 'trunks.state.unreachable')}
      </Tag>
    );
  if (s.registration === 'registered' || s.reachability === 'reachable')
    return (
      <Tag color="green">
        {t(s.registration === 'registered' ? 'trunks.state.registered' : 'trunks.state.reachable')}
      </Tag>
    );
  return (
    <Tag color="orange">
      {t(`trunks.state.${s.registration === 'unregistered' ? 'unregistered' : 'unknown'}`)}
    </Tag>
  );
}

export const trunks: ResourceDef<Trunk> = {
  key: 'trunks',
  group: 'lines',
  api: '/trunks',
  paging: 'client',
  searchText: (r) => [r.name, r.host, r.username ?? ''],
  columns: ({ t }) => [
    { title: t('trunks.name'), dataIndex: 'name', sorter: byText((r) => r.name) },
    {
      title: t('trunks.host'),
      key: 'host',
      render: (_, r) => `${r.host}:${r.port} (${r.transport.toUpperCase()})`,
    },
    { title: t('trunks.auth'), dataIndex: 'auth', render: (a: string) => t(`trunks.authKind.${a}`) },
    { title: t('common.status'), key: 'status', render: (_, r) => trunkStatusTag(r.status, t) },
    {
      title: t('trunks.rtt'),
      key: 'rtt',
      render: (_, r) => (r.status?.rttMs != null ? `${r.status.rttMs} ms` : '—'),
    },
    { title: t('trunks.maxChannels'), dataIndex: 'maxChannels', sorter: byNumber((r) => r.maxChannels) },
    { title: t('trunks.codecs'), dataIndex: 'codecs', render: (c: string[]) => c.join(', ') },
    { title: t('common.enabled'), dataIndex: 'enabled', render: (v: boolean) => enabledTag(v, t) },
  ],
  form: {
    width: 720,
    initialValues: {
      enabled: true,
      port: 5060,
      transport: 'udp',
      auth: 'registration',
      codecs: ['alaw', 'ulaw'],
      maxChannels: 30,
    },
    fields: ({ t }) => (
      <>
        <Form.Item
          name="name"
          label={t('trunks.name')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="host"
          label={t('trunks.hostOnly')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input placeholder="sip.example.net" />
        </Form.Item>
        <Form.Item name="port" label={t('trunks.port')}>
          <InputNumber min={1} max={65535} />
        </Form.Item>
        <Form.Item name="transport" label={t('trunks.transport')}>
          <Select options={['udp', 'tcp'].map((v) => ({ value: v, label: v.toUpperCase() }))} />
        </Form.Item>
        <Form.Item name="auth" label={t('trunks.auth')}>
          <Select
            options={['registration', 'ip'].map((v) => ({ value: v, label: t(`trunks.authKind.${v}`) }))}
          />
        </Form.Item>
        <Form.Item name="username" label={t('trunks.username')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="secret" label={t('trunks.secret')} extra={t('trunks.secretHelp')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="codecs" label={t('trunks.codecs')}>
          <Select mode="multiple" options={CODECS.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
        <Form.Item name="maxChannels" label={t('trunks.maxChannels')}>
          <InputNumber min={1} max={1000} />
        </Form.Item>
        <Form.Item
          name={['callerId', 'number']}
          label={t('trunks.callerIdNumber')}
          extra={t('trunks.callerIdHelp')}
        >
          <Input allowClear />
        </Form.Item>
        <Form.Item name="enabled" label={t('common.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </>
    ),
    toValues: (r) => ({ ...r, secret: undefined, username: r.username ?? undefined }),
    toBody: (v, editing) => ({
      ...(editing ? {} : { kind: 'sip' }),
      name: v.name,
      host: v.host,
      port: v.port,
      transport: v.transport,
      auth: v.auth,
      ...(v.username ? { username: v.username } : {}),
      ...(v.secret ? { secret: v.secret } : {}),
      codecs: v.codecs,
      maxChannels: v.maxChannels,
      enabled: !!v.enabled,
      callerId: v.callerId?.number ? { number: v.callerId.number, presentation: 'allowed' } : null,
    }),
  },
};
