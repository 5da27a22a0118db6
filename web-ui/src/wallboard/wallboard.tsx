import { useTranslation } from 'react-i18next';
import type { AgentView, Banner, QueueView } from './live-types';
import { useLive, useNow } from './use-live';
import './wallboard.css';

const mmss = (sec: number | null) => {
  if (sec === null || !Number.isFinite(sec)) return '—';
  const s = Math.max(0, Math.floor(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
};

/** Green / amber / red for a figure against its limit (amber from half the limit). */
function waitLevel(sec: number, limit: number) {
  if (sec >= limit) return 'bad';
  if (sec >= limit / 2) return 'warn';
  return 'ok';
}

function QueueTile({ q, now }: { q: QueueView; now: number }) {
  const { t } = useTranslation();
  const longest = q.longestWaitSince ? (now - Date.parse(q.longestWaitSince)) / 1000 : 0;
  const lvl = q.waitingCount ? waitLevel(longest, q.thresholds.longestWaitLimitSec) : 'ok';
  const sl = q.serviceLevelPct;
  const slLvl =
    sl === null
      ? 'ok'
      : sl >= q.thresholds.slTargetPct
        ? 'ok'
        : sl >= q.thresholds.slTargetPct - 10
          ? 'warn'
          : 'bad';
  const fig = (label: string, value: string | number, id: string, cls = '') => (
    <div className={`wb-fig ${cls}`}>
      <div className="wb-fig-label">{label}</div>
      <div className="wb-fig-value" data-testid={`wb-${id}-${q.section}`}>
        {value}
      </div>
    </div>
  );
  return (
    <section
      className={`wb-queue wb-${lvl}`}
      data-testid={`wb-queue-${q.section}`}
      data-longest-since={q.longestWaitSince ?? ''}
    >
      <h2>{q.name}</h2>
      <div className="wb-queue-main">
        {fig(t('wb.waiting'), q.waitingCount, 'waiting', `big wb-${lvl}`)}
        {fig(t('wb.longestWait'), q.waitingCount ? mmss(longest) : '0:00', 'longest', `big wb-${lvl}`)}
      </div>
      <div className="wb-queue-figs">
        {fig(t('wb.offered'), q.offered, 'offered')}
        {fig(t('wb.answered'), q.answered, 'answered')}
        {fig(t('wb.abandoned'), q.abandoned, 'abandoned')}
        {fig(t('wb.callbacks'), q.callbacksWaiting ?? 0, 'callbacks')}
        {fig(t('wb.sl'), sl === null ? '—' : `${Math.round(sl)}%`, 'sl', `wb-${slLvl}`)}
        {fig(t('wb.asa'), mmss(q.asaSec), 'asa')}
        {fig(t('wb.aht'), mmss(q.ahtSec), 'aht')}
      </div>
    </section>
  );
}

function AgentTile({ a, now }: { a: AgentView; now: number }) {
  const { t } = useTranslation();
  return (
    <div
      className={`wb-agent wb-state-${a.state}`}
      data-testid={`wb-agent-${a.extension}`}
      data-state={a.state}
    >
      <div className="wb-agent-head">
        <div
          className="wb-agent-name"
          data-testid={`wb-agent-name-${a.extension}`}
          title={`${a.name || a.extension} (${a.extension})`}
        >
          {a.name || a.extension}
        </div>
        <div className="wb-agent-ext" data-testid={`wb-agent-ext-${a.extension}`}>
          {a.extension}
        </div>
      </div>
      <div className="wb-agent-state">
        {t(`wb.states.${a.state}`)}
        {a.state === 'paused' && a.pausedReason ? ` · ${a.pausedReason}` : ''}
      </div>
      <div className="wb-agent-time">{mmss((now - Date.parse(a.since)) / 1000)}</div>
    </div>
  );
}

function Banners({ banners }: { banners: Banner[] }) {
  const { t } = useTranslation();
  // AMI and ARI down together are one fact on a TV: one Asterisk banner, the others per subject
  const shown = banners.filter(
    (b, i) => b.code !== 'asterisk_disconnected' || banners.findIndex((x) => x.code === b.code) === i,
  );
  if (!shown.length) return null;
  return (
    <div className="wb-banners" data-testid="wb-banner" role="alert">
      {shown.map((b) => (
        <div key={`${b.code}:${b.subject}`} className="wb-banner" data-code={b.code}>
          ⚠ {t(`wb.banners.${b.code}`, { defaultValue: b.message })}
          {b.code === 'asterisk_disconnected' ? '' : ` · ${b.subject}`}
        </div>
      ))}
    </div>
  );
}

const STATE_ORDER = ['talking', 'ringing', 'wrap_up', 'available', 'paused', 'logged_out'];

/**
 * /wallboard?token=…: 1920×1080, read from across the room, no interaction.
 * Figures come from the live stream; the clock and every timer tick here.
 */
export function Wallboard() {
  const { t } = useTranslation();
  const token = new URLSearchParams(window.location.search).get('token');
  const { state, conn, offsetMs } = useLive(token);
  useNow(); // re-renders every second; the time itself is read fresh, so a new figure never shows a stale timer
  const now = Date.now() + offsetMs;
  if (!token) return <div className="wb-root wb-message">{t('wb.noToken')}</div>;
  const queues = state ? Object.values(state.queues).sort((a, b) => (a.id ?? 1e9) - (b.id ?? 1e9)) : [];
  const agents = state
    ? Object.values(state.agents).sort(
        (a, b) =>
          STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) ||
          a.extension.localeCompare(b.extension),
      )
    : [];
  const clock = new Date(now);
  return (
    <div className="wb-root" data-testid="wallboard" data-connection={conn}>
      <header className="wb-header">
        <h1>{t('wb.title')}</h1>
        {conn !== 'open' && <div className="wb-conn">{t(state ? 'wb.reconnecting' : 'wb.connecting')}</div>}
        <div className="wb-clock" data-testid="wb-clock">
          {clock.toLocaleTimeString('zh-CN', { hour12: false })}
        </div>
      </header>
      {state && <Banners banners={state.banners} />}
      <main className="wb-queues">
        {state && !queues.length && <div className="wb-message">{t('wb.noQueues')}</div>}
        {queues.map((q) => (
          <QueueTile key={q.section} q={q} now={now} />
        ))}
      </main>
      <section className="wb-agents" aria-label={t('wb.agents')}>
        {agents.map((a) => (
          <AgentTile key={a.extension} a={a} now={now} />
        ))}
      </section>
    </div>
  );
}
