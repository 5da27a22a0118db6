import { InputNumber, Select } from 'antd';
import { SpendGuardButton } from '../callcenter/spend-guard-button';
import { byNumber, byText, enabledTag, tagsColumn } from '../components/format';
import { SettingsButton } from '../components/settings-button';
import { useNamedOptions } from '../components/use-options';
import type { ResourceBody } from './types';

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

const CLASSES = ['local', 'national', 'international'];

function TrunkSelect(props: { value?: number[]; onChange?: (v: number[]) => void; id?: string }) {
  const trunks = useNamedOptions('/trunks');
  return <Select {...props} mode="multiple" loading={trunks.loading} options={trunks.options} />;
}

export const outboundRoutes: ResourceBody<OutboundRoute> = {
  toolbar: ({ t, writer }) =>
    writer && (
      <>
        <SpendGuardButton />
        <SettingsButton<{ patterns: string[] }>
          label={t('outbound-routes.denyList')}
          title={t('outbound-routes.denyListTitle')}
          path="/outbound-routes/deny-list"
          testId="deny-list"
          fields={[
            {
              name: 'patterns',
              label: t('outbound-routes.patterns'),
              extra: t('outbound-routes.denyListHelp'),
              input: (
                <Select mode="tags" open={false} tokenSeparators={[',', ' ']} placeholder="_1900XXXXXXX" />
              ),
            },
          ]}
        />
      </>
    ),
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
    tagsColumn(t('outbound-routes.patterns'), 'patterns'),
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
    fields: ({ t }) => [
      { name: 'name', label: t('outbound-routes.name'), required: true },
      {
        name: 'patterns',
        label: t('outbound-routes.patterns'),
        extra: t('outbound-routes.patternsHelp'),
        input: <Select mode="tags" open={false} tokenSeparators={[',', ' ']} placeholder="_1XXXXXXXXXX" />,
      },
      {
        name: 'requiredClass',
        label: t('outbound-routes.requiredClass'),
        input: <Select options={CLASSES.map((c) => ({ value: c, label: t(`seats.class.${c}`) }))} />,
      },
      {
        name: 'trunkIds',
        label: t('outbound-routes.trunks'),
        extra: t('outbound-routes.trunksHelp'),
        input: <TrunkSelect />,
      },
      {
        name: 'stripDigits',
        label: t('outbound-routes.stripDigits'),
        input: <InputNumber min={0} max={20} />,
      },
      { name: 'prepend', label: t('outbound-routes.prepend') },
      { name: 'enabled', label: t('common.enabled'), switch: true },
    ],
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
