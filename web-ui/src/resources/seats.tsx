import { Input, InputNumber, Select, Tag } from 'antd';
import { byNumber, byText, enabledTag } from '../components/format';
import type { ResourceBody } from './types';

interface Seat {
  id: number;
  extension: string;
  name: string;
  transport: 'udp' | 'tcp' | 'wss';
  maxContacts: number;
  enabled: boolean;
  callClass: string;
  voicemail: boolean;
  registration?: { registered: boolean; deviceState: string };
}

const CALL_CLASSES = ['internal', 'local', 'national', 'international'];
/** A browser (wss) seat is a WebRTC phone in the agent's desk page. */
const transports = (t: (key: string) => string) => [
  { value: 'udp', label: 'UDP' },
  { value: 'tcp', label: 'TCP' },
  { value: 'wss', label: t('seats.transportWss') },
];

export const seats: ResourceBody<Seat> = {
  api: '/seats',
  paging: 'server',
  serverSearch: true,
  columns: ({ t }) => [
    { title: t('seats.extension'), dataIndex: 'extension', sorter: byText((r) => r.extension) },
    { title: t('seats.name'), dataIndex: 'name', sorter: byText((r) => r.name) },
    {
      title: t('seats.registration'),
      key: 'registration',
      render: (_, r) =>
        r.registration?.registered ? (
          <Tag color="green">{t('seats.registered')}</Tag>
        ) : (
          <Tag>{t('seats.unregistered')}</Tag>
        ),
    },
    { title: t('seats.callClass'), dataIndex: 'callClass', render: (c: string) => t(`seats.class.${c}`) },
    {
      title: t('seats.transport'),
      dataIndex: 'transport',
      render: (v: string) => (v === 'wss' ? t('seats.transportWss') : v.toUpperCase()),
    },
    { title: t('seats.maxContacts'), dataIndex: 'maxContacts', sorter: byNumber((r) => r.maxContacts) },
    { title: t('seats.voicemail'), dataIndex: 'voicemail', render: (v: boolean) => enabledTag(v, t) },
    { title: t('common.status'), dataIndex: 'enabled', render: (v: boolean) => enabledTag(v, t) },
  ],
  form: {
    initialValues: {
      transport: 'udp',
      maxContacts: 1,
      enabled: true,
      callClass: 'national',
      voicemail: true,
    },
    fields: ({ t, editing }) => [
      {
        name: 'extension',
        label: t('seats.extension'),
        required: true,
        input: <Input disabled={!!editing} placeholder="1001" inputMode="numeric" />,
      },
      { name: 'name', label: t('seats.name'), required: true },
      {
        name: 'secret',
        label: t('seats.secret'),
        extra: t('seats.secretHelp'),
        input: <Input.Password autoComplete="new-password" />,
      },
      {
        name: 'callClass',
        label: t('seats.callClass'),
        input: <Select options={CALL_CLASSES.map((c) => ({ value: c, label: t(`seats.class.${c}`) }))} />,
      },
      {
        name: 'transport',
        label: t('seats.transport'),
        extra: t('seats.transportWssHelp'),
        input: <Select options={transports(t)} />,
      },
      { name: 'maxContacts', label: t('seats.maxContacts'), input: <InputNumber min={1} max={10} /> },
      { name: 'voicemail', label: t('seats.voicemail'), switch: true },
      { name: 'enabled', label: t('common.enabled'), switch: true },
    ],
    toValues: (s) => ({ ...s, secret: undefined }),
    toBody: (v, editing) => {
      const { extension, secret, ...rest } = v;
      return {
        ...(editing ? {} : { extension }),
        ...rest,
        ...(secret ? { secret } : {}),
      };
    },
  },
};
