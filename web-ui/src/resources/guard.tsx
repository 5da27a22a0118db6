import { SafetyOutlined } from '@ant-design/icons';
import { Input, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import { byText, timeColumn } from '../components/format';
import { SettingsButton } from '../components/settings-button';
import type { ResourceBody } from './types';

interface Ban {
  address: string;
  bannedAt: number;
  expiresAt: number;
  failures: number;
  lastEvent: string;
  firewall: string;
}

interface GuardSettings {
  threshold: number;
  windowMinutes: number;
  banMinutes: number;
  allowList: string[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Threshold, window, ban time and the allow-list (one network per line). */
function GuardSettingsButton() {
  const { t } = useTranslation();
  return (
    <SettingsButton<GuardSettings>
      label={t('guard.settings')}
      title={t('guard.settings')}
      path="/guard/settings"
      testId="guard-settings"
      icon={<SafetyOutlined />}
      toValues={(s) => ({ ...s, allowList: s.allowList.join('\n') })}
      toBody={(v) => ({
        threshold: v.threshold,
        windowMinutes: v.windowMinutes,
        banMinutes: v.banMinutes,
        allowList: String(v.allowList ?? '')
          .split(/\s+/)
          .filter(Boolean),
      })}
      fields={[
        { name: 'threshold', label: t('guard.threshold'), required: true, input: <InputNumber min={3} /> },
        {
          name: 'windowMinutes',
          label: t('guard.windowMinutes'),
          required: true,
          input: <InputNumber min={1} />,
        },
        { name: 'banMinutes', label: t('guard.banMinutes'), required: true, input: <InputNumber min={1} /> },
        {
          name: 'allowList',
          label: t('guard.allowList'),
          extra: t('guard.allowListHelp'),
          input: <Input.TextArea rows={4} placeholder="192.168.0.0/16" />,
        },
      ]}
    />
  );
}

/** 安全封禁: sources the brute-force guard banned; an admin lifts a ban (the delete). */
export const guard: ResourceBody<Ban> = {
  api: '/guard/bans',
  paging: 'client',
  maxRows: null,
  rowKey: (b) => b.address,
  itemPath: (b) => `/guard/bans/${encodeURIComponent(b.address)}`,
  canDelete: true,
  searchText: (b) => [b.address, b.lastEvent],
  toolbar: (ctx) => ctx.writer && <GuardSettingsButton />,
  columns: ({ t }) => [
    { title: t('guard.address'), dataIndex: 'address', sorter: byText((r) => r.address) },
    { ...timeColumn(t('guard.bannedAt'), 'bannedAt' as never), render: (v: number) => iso(v) },
    { ...timeColumn(t('guard.expiresAt'), 'expiresAt' as never), render: (v: number) => iso(v) },
    { title: t('guard.failures'), dataIndex: 'failures' },
    { title: t('guard.lastEvent'), dataIndex: 'lastEvent', ellipsis: true },
    { title: t('guard.firewall'), dataIndex: 'firewall', ellipsis: true },
  ],
};
