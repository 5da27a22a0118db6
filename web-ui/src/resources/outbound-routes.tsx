import { Form, Input, InputNumber, Select, Switch, Tag } from 'antd';
import { byNumber, byText, enabledTag } from '../components/format';
import { SettingsButton } from '../components/settings-button';
import { useOptions } from '../components/use-options';
import type { ResourceDef } from './types';

interface OutboundRoute {
  id: number;
  position: number;
  name: string;
  enabled: boolean;
  patterns: string[];
  requiredClass: 'local' | 'national' | 'international';
  stripDigits: number;
  prepend: string;
  trunkIds: number[];
}

function TrunkSelect(props: { value?: number[]; onChange?: (v: number[]) => void; id?: string }) {
  const trunks = useOptions<{ id: number; name: string }>(
    '/trunks',
    (t) => t.name,
    (t) => t.id,
  );
  return <Select {...props} mode="multiple" loading={trunks.loading} options={trunks.options} />;
}

export const outboundRoutes: ResourceDef<OutboundRoute> = {
  toolbar: ({ t, writer }) =>
    writer && (
      <SettingsButton<{ patterns: string[] }>
        label={t('outbound-routes.denyList')}
        title={t('outbound-routes.denyListTitle')}
        path="/outbound-routes/deny-list"
        testId="deny-list"
        fields={
          <Form.Item
            name="patterns"
            label={t('outbound-routes.patterns')}
            extra={t('outbound-routes.denyListHelp')}
          >
            <Select mode="tags" open={false} tokenSeparators={[',', ' ']} placeholder="_1900XXXXXXX" />
          </Form.Item>
        }
      />
    ),
  key: 'outbound-routes',
  group: 'routing',
  api: '/outbound-routes',
  paging: 'client',
  searchText: (r) => [r.name, ...r.patterns],
  columns: ({ t }) => [
    {
      title: t('outbound-routes.position'),
      dataIndex: 'position',
      sorter: byNumber((r) => r.position),
      defaultSortOrder: 'ascend',
    },
    { title: t('outbound-routes.name'), dataIndex: 'name', sorter: byText((r) => r.name) },
    {
      title: t('outbound-routes.patterns'),
      dataIndex: 'patterns',
      render: (p: string[]) => p.map((x) => <Tag key={x}>{x}</Tag>),
    },
    {
      title: t('outbound-routes.requiredClass'),
      dataIndex: 'requiredClass',
      render: (c: string) => t(`seats.class.${c}`),
    },
    {
      title: t('outbound-routes.trunks'),
      dataIndex: 'trunkIds',
      render: (ids: number[]) => ids.map((i) => `#${i}`).join(' → '),
    },
    { title: t('common.enabled'), dataIndex: 'enabled', render: (v: boolean) => enabledTag(v, t) },
  ],
  form: {
    initialValues: { enabled: true, requiredClass: 'national', stripDigits: 0, prepend: '', patterns: [] },
    fields: ({ t }) => (
      <>
        <Form.Item
          name="name"
          label={t('outbound-routes.name')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="patterns"
          label={t('outbound-routes.patterns')}
          extra={t('outbound-routes.patternsHelp')}
        >
          <Select mode="tags" open={false} tokenSeparators={[',', ' ']} placeholder="_1XXXXXXXXXX" />
        </Form.Item>
        <Form.Item name="requiredClass" label={t('outbound-routes.requiredClass')}>
          <Select
            options={['local', 'national', 'international'].map((c) => ({
              value: c,
              label: t(`seats.class.${c}`),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="trunkIds"
          label={t('outbound-routes.trunks')}
          extra={t('outbound-routes.trunksHelp')}
        >
          <TrunkSelect />
        </Form.Item>
        <Form.Item name="stripDigits" label={t('outbound-routes.stripDigits')}>
          <InputNumber min={0} max={20} />
        </Form.Item>
        <Form.Item name="prepend" label={t('outbound-routes.prepend')}>
          <Input />
        </Form.Item>
        <Form.Item name="enabled" label={t('common.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </>
    ),
    toBody: (v) => ({
      name: v.name,
      patterns: v.patterns ?? [],
      requiredClass: v.requiredClass,
      trunkIds: v.trunkIds ?? [],
      stripDigits: v.stripDigits ?? 0,
      prepend: v.prepend ?? '',
      enabled: !!v.enabled,
    }),
  },
};
