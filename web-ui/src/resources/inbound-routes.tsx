import { Form, Input, Switch } from 'antd';
import { DestinationLabel } from '../callcenter/destination-label';
import { type Destination, DestinationPicker } from '../components/destination-picker';
import { byText, enabledTag } from '../components/format';
import type { ResourceDef } from './types';

interface InboundRoute {
  id: number;
  name: string;
  did: string;
  callerId: string | null;
  destination: Destination;
  fallback: Destination;
  enabled: boolean;
}

export const inboundRoutes: ResourceDef<InboundRoute> = {
  key: 'inbound-routes',
  group: 'routing',
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
    fields: ({ t }) => (
      <>
        <Form.Item name="name" label={t('inbound-routes.name')}>
          <Input />
        </Form.Item>
        <Form.Item
          name="did"
          label={t('inbound-routes.did')}
          extra={t('inbound-routes.patternHelp')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input placeholder="4008001234" />
        </Form.Item>
        <Form.Item
          name="callerId"
          label={t('inbound-routes.callerId')}
          extra={t('inbound-routes.callerIdHelp')}
        >
          <Input allowClear />
        </Form.Item>
        <Form.Item name="destination" label={t('inbound-routes.destination')}>
          <DestinationPicker />
        </Form.Item>
        <Form.Item
          name="fallback"
          label={t('inbound-routes.fallback')}
          extra={t('inbound-routes.fallbackHelp')}
        >
          <DestinationPicker />
        </Form.Item>
        <Form.Item name="enabled" label={t('common.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </>
    ),
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
