import {
  LoginOutlined,
  LogoutOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { App, Badge, Button, Card, Space, Tag, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadReasons, PauseMenu, type PauseReason } from '../callcenter/agent-actions';
import { showApiError } from '../components/api-errors';
import { formatDuration } from '../components/format';
import { useNow } from '../wallboard/use-live';
import type { Desk } from './use-desk';

const COLOR: Record<string, string> = {
  logged_out: 'default',
  available: 'green',
  ringing: 'orange',
  talking: 'blue',
  wrap_up: 'purple',
  paused: 'gold',
};
const CONN: Record<string, 'processing' | 'success' | 'error'> = {
  connecting: 'processing',
  open: 'success',
  lost: 'error',
};

/** The agent's state (from the live model) and the buttons that change it: login, pause with a reason. */
export function StateBar({ desk, extra }: { desk: Desk; extra?: ReactNode }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const now = useNow();
  const [reasons, setReasons] = useState<PauseReason[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void loadReasons().then(setReasons);
  }, []);
  const a = desk.state.agent;
  const run = async (path: string, body?: unknown) => {
    setBusy(true);
    try {
      const r = await desk.act<{ applied?: boolean }>(path, body);
      if (r?.applied === false) message.warning(t('desk.notApplied'));
    } catch (err) {
      showApiError(err, { message, t });
    } finally {
      setBusy(false);
    }
  };
  const button = (key: string, icon: ReactNode, onClick?: () => void) => (
    <Button icon={icon} loading={busy} onClick={onClick} data-testid={`desk-${key}`}>
      {t(`desk.${key}`)}
    </Button>
  );
  const since = a ? Math.max(0, Math.round((now - Date.parse(a.since)) / 1000)) : 0;
  return (
    <Card size="small" data-testid="desk-state-bar">
      <Space wrap size="middle" style={{ width: '100%' }}>
        <Badge status={CONN[desk.conn]} text={t(`desk.connection.${desk.conn}`)} />
        {a && (
          <>
            <Typography.Text strong>{`${a.name} · ${a.extension}`}</Typography.Text>
            <Tag color={COLOR[a.state]} data-testid="desk-state" data-state={a.state}>
              {t(`desk.state.${a.state}`)}
            </Tag>
            {a.state === 'paused' && a.pausedReason && (
              <Typography.Text data-testid="desk-paused-reason">
                {t('desk.pausedWith', { reason: a.pausedReason })}
              </Typography.Text>
            )}
            <Typography.Text type="secondary">
              {t('desk.since', { time: formatDuration(since) })}
            </Typography.Text>
            {a.deviceOffline && (
              <Tag icon={<WarningOutlined />} color="red">
                {t('desk.deviceOffline')}
              </Tag>
            )}
          </>
        )}
        <Space style={{ marginLeft: 'auto' }}>
          {extra}
          {a &&
            (a.state === 'logged_out' ? (
              button('login', <LoginOutlined />, () => run('/login'))
            ) : (
              <>
                {a.state === 'paused' ? (
                  button('unpause', <PlayCircleOutlined />, () => run('/unpause'))
                ) : (
                  <PauseMenu reasons={reasons} onPick={(reason) => void run('/pause', { reason })}>
                    {button('pause', <PauseCircleOutlined />)}
                  </PauseMenu>
                )}
                {button('logout', <LogoutOutlined />, () => run('/logout'))}
              </>
            ))}
        </Space>
      </Space>
    </Card>
  );
}
