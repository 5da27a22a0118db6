import { Input } from 'antd';
import type { InboundRoute as ServerInboundRoute } from '../../../src/inbound/schema';
import type { Sent } from '../api/client';
import { DestinationLabel } from '../callcenter/destination-label';
import { DestinationPicker } from '../components/destination-picker';
import { byText, enabledTag } from '../components/format';
import type { ResourceBody } from './types';

type InboundRoute = Sent<ServerInboundRoute>;

export const inboundRoutes: ResourceBody<InboundRoute> = {
  api: '/inbound-routes',
  paging: 'client',
  searchText: (r) => [r.name, r.did, r.callerId ?? ''],
  columns: ({ t }) => [
    { title: t('inbound-routes.name'), dataIndex: 'name', sorter: byText((r) => r.name) },
    { title: t('inbound-routes.did'), dataIndex: 'did', sorter: byText((r) => r.did) },
    {
      title: t('inbound-routes.callerId'),
      dataIndex: 'callerId',
      render: (v) => v ?? t('inbound-routes.anyCaller'),
    },
    {
      title: t('inbound-routes.destination'),
      dataIndex: 'destination',
      render: (d) => <DestinationLabel d={d} />,
    },
    { title: t('inbound-routes.fallback'), dataIndex: 'fallback', render: (d) => <DestinationLabel d={d} /> },
    { title: t('common.status'), dataIndex: 'enabled', render: (v: boolean) => enabledTag(v, t) },
  ],
  form: {
    width: 720,
    initialValues: { enabled: true, destination: { type: 'hangup' }, fallback: { type: 'hangup' } },
    fields: ({ t }) => [
      { name: 'name', label: t('inbound-routes.name') },
      {
        name: 'did',
        label: t('inbound-routes.did'),
        extra: t('inbound-routes.patternHelp'),
        required: true,
        input: <Input placeholder="4008001234" />,
      },
      {
        name: 'callerId',
        label: t('inbound-routes.callerId'),
        extra: t('inbound-routes.callerIdHelp'),
        input: <Input allowClear />,
      },
      { name: 'destination', label: t('inbound-routes.destination'), input: <DestinationPicker /> },
      {
        name: 'fallback',
        label: t('inbound-routes.fallback'),
        extra: t('inbound-routes.fallbackHelp'),
        input: <DestinationPicker />,
      },
      { name: 'enabled', label: t('common.enabled'), switch: true },
    ],
    toBody: (v) => ({
      name: v.name ?? '',
      did: v.did,
      callerId: v.callerId ? v.callerId : null,
      destination: v.destination,
      fallback: v.fallback,
      enabled: !!v.enabled,
    }),
  },
};
