import { Alert, Button } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../auth/session';
import { getHost } from './host-api';

/** On an admin's dashboard until the first-login wizard is finished. */
export function SetupBanner() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useSession();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (user?.role !== 'admin') return;
    void getHost().then(
      (h) => setOpen(!h.wizardCompleted),
      () => {},
    );
  }, [user?.role]);
  if (!open) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="setup-banner"
      title={t('setup.banner')}
      action={
        <Button size="small" type="primary" onClick={() => navigate('/setup')}>
          {t('setup.start')}
        </Button>
      }
    />
  );
}
