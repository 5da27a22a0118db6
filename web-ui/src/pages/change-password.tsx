import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PasswordForm } from '../auth/password-form';
import { useSession } from '../auth/session';
import { LanguageSwitch } from '../layout/language-switch';
import { getHost } from '../setup/host-api';

/**
 * Shown instead of the console while the user's password is one someone else
 * chose (the generated first admin's, a temporary one an admin set): the
 * server answers nothing else until it is changed.
 */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const { user, logout } = useSession();
  const navigate = useNavigate();
  // an admin's first password of their own: the box's setup comes next, until it is finished
  const next = (u: { role: string }) => {
    if (u.role !== 'admin') return;
    void getHost().then(
      (h) => !h.wizardCompleted && navigate('/setup'),
      () => {},
    );
  };
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(135deg, #001529 0%, #003a8c 60%, #1677ff 100%)',
        position: 'relative',
      }}
    >
      <div style={{ position: 'absolute', top: 16, right: 24 }}>
        <div style={{ background: 'rgba(255,255,255,0.9)', borderRadius: 6 }}>
          <LanguageSwitch />
        </div>
      </div>
      <Card
        style={{ width: 400, boxShadow: '0 8px 32px rgba(0,0,0,0.25)' }}
        data-testid="change-password-page"
      >
        <div style={{ textAlign: 'center', marginBottom: 20 }}>
          <SafetyCertificateOutlined style={{ fontSize: 40, color: '#1677ff' }} />
          <Typography.Title level={4} style={{ margin: '12px 0 4px' }}>
            {t('password.forcedTitle')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('password.forcedText', { user: user?.username ?? '' })}
          </Typography.Text>
        </div>
        <PasswordForm onDone={next} />
        <Button type="link" block style={{ marginTop: 8 }} onClick={() => void logout()}>
          {t('layout.logout')}
        </Button>
      </Card>
    </div>
  );
}
