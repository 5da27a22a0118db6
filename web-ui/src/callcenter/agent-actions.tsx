import { LoginOutlined, LogoutOutlined, PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Space, Tooltip } from 'antd';
import { type ReactElement, type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../api/client';
import { showApiError } from '../components/api-errors';

export interface PauseReason {
  id: number;
  code: number;
  name: string;
}

export interface AgentStateView {
  loggedIn: boolean;
  paused: boolean;
  pauseReason: string | null;
  since: string;
}

let reasonsCache: Promise<PauseReason[]> | null = null;
export const loadReasons = (fresh = false) => {
  if (!reasonsCache || fresh)
    reasonsCache = get<{ items: PauseReason[] }>('/agents/pause-reasons')
      .then((r) => r.items)
      .catch(() => []);
  return reasonsCache;
};

/** A pause button's menu: the configured reasons; the one picked goes to `onPick` by name. */
export function PauseMenu({
  reasons,
  onPick,
  children,
}: {
  reasons: PauseReason[];
  onPick: (reason: string) => void;
  children: ReactElement;
}) {
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: reasons.map((r) => ({ key: String(r.id), label: r.name })),
        onClick: ({ key }) => {
          const r = reasons.find((x) => String(x.id) === key);
          if (r) onPick(r.name);
        },
      }}
    >
      {children}
    </Dropdown>
  );
}

/** Log in / out, pause with a reason, resume: POST /agents/:id/<op>. */
export function AgentActions({
  id,
  state,
  reload,
}: {
  id: number;
  state: AgentStateView;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reasons, setReasons] = useState<PauseReason[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void loadReasons().then(setReasons);
  }, []);
  const run = async (op: string, body?: unknown) => {
    setBusy(true);
    try {
      const r = await post<{ applied: boolean }>(`/agents/${id}/${op}`, body);
      if (r && r.applied === false) message.warning(t('agents.notApplied'));
      reload();
    } catch (err) {
      showApiError(err, { message, t });
    } finally {
      setBusy(false);
    }
  };
  /** One operation's button; pause opens the reasons instead of running. */
  const opButton = (op: string, label: string, icon: ReactNode, onClick?: () => void) => (
    <Button size="small" icon={icon} loading={busy} onClick={onClick} data-testid={`agent-${op}-${id}`}>
      {label}
    </Button>
  );
  if (!state.loggedIn)
    return (
      <Tooltip title={t('agents.login')}>
        {opButton('login', t('agents.login'), <LoginOutlined />, () => run('login'))}
      </Tooltip>
    );
  return (
    <Space size={4}>
      {state.paused ? (
        opButton('unpause', t('agents.unpause'), <PlayCircleOutlined />, () => run('unpause'))
      ) : (
        <PauseMenu reasons={reasons} onPick={(reason) => void run('pause', { reason })}>
          {opButton('pause', t('agents.pause'), <PauseCircleOutlined />)}
        </PauseMenu>
      )}
      {opButton('logout', t('agents.logout'), <LogoutOutlined />, () => run('logout'))}
    </Space>
  );
}
