import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** /wallboard is served by this app; the wallboard itself arrives with the live-state work. */
export function WallboardPending() {
  const { t } = useTranslation();
  return <Result status="info" title={t('wallboard.pendingTitle')} subTitle={t('wallboard.pendingText')} />;
}
