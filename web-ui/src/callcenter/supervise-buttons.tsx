import { AudioOutlined, CustomerServiceOutlined, PhoneOutlined, SoundOutlined } from '@ant-design/icons';
import { App, Button, Space, Tooltip } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, post } from '../api/client';
import { useSession } from '../auth/session';
import { showApiError } from '../components/api-errors';
import { useLiveAgent } from './live-agent-state';

export type SpyMode = 'listen' | 'whisper' | 'barge';
const MODES: { mode: SpyMode; icon: ReactNode }[] = [
  { mode: 'listen', icon: <CustomerServiceOutlined /> },
  { mode: 'whisper', icon: <AudioOutlined /> },
  { mode: 'barge', icon: <SoundOutlined /> },
];

/**
 * 监听 / 耳语 / 强插 on an agent's call: the box rings the signed-in
 * supervisor's own seat (POST /supervise) and, answered, joins the call; the
 * keypad switches modes (4 / 5 / 6). The server refuses with its reason
 * (not on a call, no registered phone, not one of your queues). `talking`,
 * when the page knows it, disables the buttons while the agent has no call.
 */
export function SuperviseButtons({ extension, talking }: { extension: string; talking?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { user } = useSession();
  const [session, setSession] = useState<{ id: number; mode: SpyMode } | null>(null);
  const [busy, setBusy] = useState(false);
  if (!user || user.role === 'agent') return null;

  const start = async (mode: SpyMode) => {
    setBusy(true);
    try {
      const s = await post<{ id: number }>('/supervise', { agentExtension: extension, mode });
      setSession({ id: s.id, mode });
      message.info(t('supervise.calling', { seat: user.seatExtension ?? '' }));
    } catch (err) {
      showApiError(err, { message, t });
    } finally {
      setBusy(false);
    }
  };
  const stop = async () => {
    if (!session) return;
    setBusy(true);
    try {
      await del(`/supervise/${session.id}`);
    } catch (err) {
      showApiError(err, { message, t });
    } finally {
      setSession(null);
      setBusy(false);
    }
  };

  if (session)
    return (
      <Button
        size="small"
        danger
        icon={<PhoneOutlined />}
        loading={busy}
        onClick={stop}
        data-testid={`supervise-stop-${extension}`}
      >
        {t('supervise.stop', { mode: t(`supervise.modes.${session.mode}`) })}
      </Button>
    );
  return (
    <Space size={2}>
      {MODES.map(({ mode, icon }) => (
        <Tooltip key={mode} title={t(`supervise.help.${mode}`)}>
          <Button
            size="small"
            icon={icon}
            disabled={busy || talking === false}
            onClick={() => start(mode)}
            data-testid={`supervise-${mode}-${extension}`}
          >
            {t(`supervise.modes.${mode}`)}
          </Button>
        </Tooltip>
      ))}
    </Space>
  );
}

/** The buttons with the agent's live state, when the page keeps a live stream: enabled only while talking. */
function LiveSuperviseButtons({ extension }: { extension: string }) {
  const live = useLiveAgent(extension);
  return <SuperviseButtons extension={extension} talking={live ? live.state === 'talking' : undefined} />;
}

/** The agents table's column of these buttons (supervisors and admins; empty for agents). */
export function superviseColumn<R extends { extension: string }>(t: TFunction): ColumnType<R> {
  return {
    title: t('supervise.column'),
    key: 'supervise',
    render: (_, r) => <LiveSuperviseButtons extension={r.extension} />,
  };
}
