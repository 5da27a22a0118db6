import { App, Button, InputNumber, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { GuardLimits, Suspension } from '../../../src/outbound/guard';
import { del } from '../api/client';
import { showApiError } from '../components/api-errors';
import { SettingsButton } from '../components/settings-button';
import { useLoaded } from '../components/use-loaded';

const PATH = '/outbound-routes/spend-guard';
type SpendGuardDoc = { limits: GuardLimits; suspensions: Suspension[] };
const LIMITS: (keyof GuardLimits)[] = [
  'seatCallsPerHour',
  'seatMinutesPerHour',
  'trunkCallsPerHour',
  'trunkMinutesPerHour',
];

/** Seats and trunks the guard has stopped, each with the admin's button to let it call out again. */
function Suspensions() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data, reload } = useLoaded<SpendGuardDoc>(PATH);
  const lift = async (s: Suspension) => {
    try {
      await del(`${PATH}/suspensions/${s.id}`);
      message.success(t('outbound-routes.guard.lifted'));
      reload();
    } catch (err) {
      showApiError(err, { message, t });
    }
  };
  return (
    <List<Suspension>
      data-testid="spend-guard-suspensions"
      size="small"
      header={<Typography.Text strong>{t('outbound-routes.guard.suspensions')}</Typography.Text>}
      locale={{ emptyText: t('outbound-routes.guard.none') }}
      dataSource={data?.suspensions ?? []}
      renderItem={(s) => (
        <List.Item
          actions={[
            <Button key="lift" size="small" data-testid={`lift-${s.id}`} onClick={() => void lift(s)}>
              {t('outbound-routes.guard.lift')}
            </Button>,
          ]}
        >
          {t(`outbound-routes.guard.${s.kind}`, { subject: s.subject })} ·{' '}
          {t('outbound-routes.guard.usage', { calls: s.calls, minutes: s.minutes })} ·{' '}
          {new Date(s.suspendedAt).toLocaleString()}
        </List.Item>
      )}
    />
  );
}

/** 防盗打: the hourly limits per seat and per trunk, and the suspensions they caused. */
export function SpendGuardButton() {
  const { t } = useTranslation();
  return (
    <SettingsButton<SpendGuardDoc>
      label={t('outbound-routes.guard.button')}
      title={t('outbound-routes.guard.title')}
      path={PATH}
      testId="spend-guard"
      toValues={(doc) => doc.limits}
      toBody={(v) => Object.fromEntries(LIMITS.map((k) => [k, v[k]]))}
      fields={[
        ...LIMITS.map((name) => ({
          name,
          label: t(`outbound-routes.guard.${name}`),
          extra: t('outbound-routes.guard.zeroOff'),
          input: <InputNumber min={0} style={{ width: 160 }} />,
        })),
        <Suspensions key="suspensions" />,
      ]}
    />
  );
}
