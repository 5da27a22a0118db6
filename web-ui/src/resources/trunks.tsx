import { Input, InputNumber, Select } from 'antd';
import { byNumber, byText, enabledTag } from '../components/format';
import { trunkStatusTag } from '../components/trunk-status';
import type { ResourceBody } from './types';

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
const TRANSPORTS = ['udp', 'tcp'].map((v) => ({ value: v, label: v.toUpperCase() }));

export const trunks: ResourceBody<Trunk> = {
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
    fields: ({ t }) => [
      { name: 'name', label: t('trunks.name'), required: true },
      {
        name: 'host',
        label: t('trunks.hostOnly'),
        required: true,
        input: <Input placeholder="sip.example.net" />,
      },
      { name: 'port', label: t('trunks.port'), input: <InputNumber min={1} max={65535} /> },
      { name: 'transport', label: t('trunks.transport'), input: <Select options={TRANSPORTS} /> },
      {
        name: 'auth',
        label: t('trunks.auth'),
        input: (
          <Select
            options={['registration', 'ip'].map((v) => ({ value: v, label: t(`trunks.authKind.${v}`) }))}
          />
        ),
      },
      { name: 'username', label: t('trunks.username'), input: <Input autoComplete="off" /> },
      {
        name: 'secret',
        label: t('trunks.secret'),
        extra: t('trunks.secretHelp'),
        input: <Input.Password autoComplete="new-password" />,
      },
      {
        name: 'codecs',
        label: t('trunks.codecs'),
        input: <Select mode="multiple" options={CODECS.map((c) => ({ value: c, label: c }))} />,
      },
      { name: 'maxChannels', label: t('trunks.maxChannels'), input: <InputNumber min={1} max={1000} /> },
      {
        name: ['callerId', 'number'],
        label: t('trunks.callerIdNumber'),
        extra: t('trunks.callerIdHelp'),
        input: <Input allowClear />,
      },
      { name: 'enabled', label: t('common.enabled'), switch: true },
    ],
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
