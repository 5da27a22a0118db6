import { Progress, Tooltip } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoaded } from '../components/use-loaded';
import type { CampaignResultsData } from './model';

/** Contacts with a result of all the campaign's contacts (its results; reloaded when the row changes). */
export function CampaignProgress({ id, updatedAt }: { id: number; updatedAt: string }) {
  const { t } = useTranslation();
  const { data, reload } = useLoaded<CampaignResultsData>(`/campaigns/${id}/results`);
  // biome-ignore lint/correctness/useExhaustiveDependencies: updatedAt is the trigger (the list reloaded a changed campaign)
  useEffect(reload, [updatedAt]);
  if (!data) return null;
  const total = Object.values(data.contacts).reduce((a, b) => a + b, 0);
  const done = total - (data.contacts.pending ?? 0);
  return (
    <Tooltip title={t('campaigns.progressHelp', { done, total, attempts: data.attempts })}>
      <Progress
        percent={total ? Math.round((done / total) * 100) : 0}
        size="small"
        format={() => `${done}/${total}`}
        data-testid={`campaign-progress-${id}`}
      />
    </Tooltip>
  );
}
