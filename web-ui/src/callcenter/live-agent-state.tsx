import { Tag, Tooltip } from 'antd';
import { createContext, type ReactNode, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../components/format';
import type { AgentView } from '../wallboard/live-types';
import { useConsoleLive, useNow } from '../wallboard/use-live';

/**
 * The agents page's live column: the same stream as the wallboard (ringing,
 * talking, wrap-up, paused with its reason, time in state), one connection
 * for the whole page. Until the stream answers, the page shows the state the
 * API listed.
 */
interface LiveAgents {
  agents: Record<string, AgentView> | null;
  offsetMs: number;
}

const Live = createContext<LiveAgents>({ agents: null, offsetMs: 0 });

export function LiveAgentsProvider({ children }: { children: ReactNode }) {
  const { state, offsetMs } = useConsoleLive();
  return <Live.Provider value={{ agents: state?.agents ?? null, offsetMs }}>{children}</Live.Provider>;
}

const COLORS: Record<AgentView['state'], string | undefined> = {
  available: 'green',
  ringing: 'gold',
  talking: 'blue',
  wrap_up: 'purple',
  paused: 'orange',
  logged_out: undefined,
};

/** The agent's live view; undefined outside a LiveAgentsProvider or until the stream has the agent. */
export function useLiveAgent(extension: string): AgentView | undefined {
  return useContext(Live).agents?.[extension];
}

/** The agent's live state; `fallback` (the listed state) until the stream has the agent. */
export function LiveAgentState({ extension, fallback }: { extension: string; fallback: ReactNode }) {
  const { t } = useTranslation();
  const { agents, offsetMs } = useContext(Live);
  useNow(); // time in state ticks
  const a = agents?.[extension];
  if (!a) return <span data-live="no">{fallback}</span>;
  const seconds = Math.max(0, Math.round((Date.now() + offsetMs - Date.parse(a.since)) / 1000));
  const label = `${t(`wb.states.${a.state}`)}${a.state === 'paused' && a.pausedReason ? ` · ${a.pausedReason}` : ''}`;
  // time in state matters while at work; how long someone has been logged out does not
  const tag = (
    <Tag color={COLORS[a.state]}>
      {a.state === 'logged_out' ? label : `${label} · ${formatDuration(seconds)}`}
    </Tag>
  );
  return (
    <span data-live="yes" data-state={a.state}>
      {a.call ? <Tooltip title={`${a.call.queue} · ${a.call.callerIdNum}`}>{tag}</Tooltip> : tag}
    </span>
  );
}
