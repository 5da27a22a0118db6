import { DashboardOutlined } from '@ant-design/icons';
import { InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import { SettingsButton } from '../components/settings-button';

interface Thresholds {
  slTargetPct: number;
  longestWaitLimitSec: number;
}

/** Edits one queue's wallboard colour thresholds (GET/PUT /live/thresholds/:id). */
export function ThresholdsButton({ queueId }: { queueId: number }) {
  const { t } = useTranslation();
  return (
    <SettingsButton<Thresholds>
      compact
      icon={<DashboardOutlined />}
      label={t('queues.thresholds')}
      title={t('queues.thresholds')}
      path={`/live/thresholds/${queueId}`}
      testId={`thresholds-${queueId}`}
      fields={[
        {
          name: 'slTargetPct',
          label: t('queues.slTargetPct'),
          required: true,
          input: <InputNumber min={1} max={100} />,
        },
        {
          name: 'longestWaitLimitSec',
          label: t('queues.longestWaitLimitSec'),
          required: true,
          input: <InputNumber min={1} max={3600} />,
        },
      ]}
    />
  );
}
