import { LockOutlined, PhoneFilled, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Typography } from 'antd';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useSession } from '../auth/session';
import { LanguageSwitch } from '../layout/language-switch';

/** One field of the login form with room for its note below, as antd's Form.Item lays it out. */
function Field({ note, children }: { note: string | null; children: ReactNode }) {
  return (
    <div style={{ marginBottom: note ? 4 : 24 }}>
      {children}
      {note && (
        <Typography.Text type="danger" style={{ display: 'block', minHeight: 20 }}>
          {note}
        </Typography.Text>
      )}
    </div>
  );
}

export function LoginPage() {
  const { t } = useTranslation();
  const { user, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // a field's "required" note shows once the form was sent with it empty
  const [tried, setTried] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (user) return <Navigate to={from} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!username || !password) return;
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
      navigate(from, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) setError(t('login.rateLimited'));
      else if (err instanceof ApiError && err.status === 401) setError(t('login.failed'));
      else setError(t('errors.network'));
    } finally {
      setBusy(false);
    }
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
      <Card style={{ width: 380, boxShadow: '0 8px 32px rgba(0,0,0,0.25)' }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <PhoneFilled style={{ fontSize: 40, color: '#1677ff' }} />
          <Typography.Title level={3} style={{ margin: '12px 0 4px' }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
        </div>
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        )}
        {/* a plain form, not antd's Form: two fields need no validation library in the first load */}
        <form onSubmit={submit} noValidate>
          <Field note={tried && !username ? t('login.usernameRequired') : null}>
            <Input
              size="large"
              prefix={<UserOutlined />}
              placeholder={t('login.username')}
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              status={tried && !username ? 'error' : undefined}
            />
          </Field>
          <Field note={tried && !password ? t('login.passwordRequired') : null}>
            <Input.Password
              size="large"
              prefix={<LockOutlined />}
              placeholder={t('login.password')}
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              status={tried && !password ? 'error' : undefined}
            />
          </Field>
          <Button type="primary" htmlType="submit" size="large" block loading={busy}>
            {t('login.submit')}
          </Button>
        </form>
      </Card>
    </div>
  );
}
