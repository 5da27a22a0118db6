import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Typography } from 'antd';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../api/client';
import { type User, useSession } from './session';

/** The same rule the server checks (users/schema.ts), said before a round trip. */
const MIN_LENGTH = 10;

function Field({ note, children }: { note: string | null; children: ReactNode }) {
  return (
    <div style={{ marginBottom: note ? 4 : 20 }}>
      {children}
      {note && (
        <Typography.Text type="danger" style={{ display: 'block', minHeight: 20 }}>
          {note}
        </Typography.Text>
      )}
    </div>
  );
}

/**
 * The user's own new password: the current one, the new one twice. Used by
 * the forced first-login page and the user menu's 修改密码. A plain form like
 * the login's: it is in the first load.
 */
export function PasswordForm({ onDone }: { onDone?: (user: User) => void }) {
  const { t } = useTranslation();
  const { passwordChanged } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverNote, setServerNote] = useState<{ field: string; text: string } | null>(null);

  const notes = {
    current: !current ? t('password.currentRequired') : null,
    next:
      next.length < MIN_LENGTH
        ? t('password.tooShort', { n: MIN_LENGTH })
        : next === current
          ? t('password.same')
          : null,
    again: again !== next ? t('password.mismatch') : null,
  };
  const shown = (field: keyof typeof notes) =>
    (tried ? notes[field] : null) ??
    (serverNote?.field === (field === 'current' ? 'currentPassword' : 'newPassword') && field !== 'again'
      ? serverNote.text
      : null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    setServerNote(null);
    if (notes.current || notes.next || notes.again) return;
    setBusy(true);
    try {
      const r = await post<{ user: User }>('/auth/password', { currentPassword: current, newPassword: next });
      passwordChanged(r.user);
      onDone?.(r.user);
    } catch (err) {
      if (err instanceof ApiError && err.field === 'currentPassword')
        setServerNote({ field: 'currentPassword', text: t('password.currentWrong') });
      else if (err instanceof ApiError && err.field) setServerNote({ field: err.field, text: err.message });
      else setServerNote({ field: '', text: t('errors.network') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate data-testid="password-form">
      {serverNote?.field === '' && (
        <Alert type="error" showIcon title={serverNote.text} style={{ marginBottom: 16 }} />
      )}
      <Field note={shown('current')}>
        <Input.Password
          prefix={<LockOutlined />}
          placeholder={t('password.current')}
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          data-testid="password-current"
        />
      </Field>
      <Field note={shown('next')}>
        <Input.Password
          prefix={<LockOutlined />}
          placeholder={t('password.new', { n: MIN_LENGTH })}
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          data-testid="password-new"
        />
      </Field>
      <Field note={shown('again')}>
        <Input.Password
          prefix={<LockOutlined />}
          placeholder={t('password.again')}
          autoComplete="new-password"
          value={again}
          onChange={(e) => setAgain(e.target.value)}
          data-testid="password-again"
        />
      </Field>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="password-submit">
        {t('password.submit')}
      </Button>
    </form>
  );
}
