import { assertConfigValue, banner } from '../asterisk/confgen-util.js';
import { withoutInvisible } from '../kit/text.js';
import type { Agent, PauseReason } from './schema.js';

/** Included by the seats' context: *61 login, *62 logout, *63<code> pause, *64 unpause. */
export const AGENT_CODES_CONTEXT = 'hotline-agent-codes';
export const FEATURE_CODES = { login: '*61', logout: '*62', pause: '*63', unpause: '*64' } as const;

const EXT = /^[0-9]{2,8}$/;
// reason names were validated on save; this is the last line of defence
const REASON = /^[^\u0000-\u001f\u007f"\\;<>$[\]{}(),|'`]{1,32}$/;

/**
 * Pure: hotline/extensions_agents.conf. Feature codes do the queue member
 * operations in dialplan, so an agent can log in even while hotlined is
 * away, and announce them with UserEvent(HotlineAgent) so hotlined stores
 * the new state (its database stays the truth it re-applies).
 */
export function agentsDialplan(
  agents: Agent[],
  reasons: PauseReason[],
  section: (queueId: number) => string,
): string {
  const c = FEATURE_CODES;
  const out = [
    banner('extensions_agents.conf').trimEnd(),
    '',
    `[${AGENT_CODES_CONTEXT}]`,
    ...code(c.login, 'login'),
    ...code(c.logout, 'logout'),
    ...code(c.unpause, 'unpause'),
    `exten => _${c.pause}X!,1,Set(HOTLINE_AGENT=\${FILTER(0-9,\${CHANNEL(endpoint)})})`,
    ` same => n,Set(HOTLINE_REASON=\${FILTER(0-9,\${EXTEN:${c.pause.length}})})`,
    ' same => n,GotoIf($[${DIALPLAN_EXISTS(hotline-pause-reasons,${HOTLINE_REASON},1)}]?known)',
    ' same => n,Playback(invalid)',
    ' same => n,Hangup()',
    ' same => n(known),Gosub(hotline-pause-reasons,${HOTLINE_REASON},1)',
    ' same => n,GosubIf($[${DIALPLAN_EXISTS(hotline-agent-${HOTLINE_AGENT},pause,1)}]?hotline-agent-${HOTLINE_AGENT},pause,1(${GOSUB_RETVAL}):hotline-agent-none,s,1)',
    ' same => n,Hangup()',
    '',
    '[hotline-agent-none]',
    'exten => s,1,Answer()',
    ' same => n,Playback(agent-incorrect)',
    ' same => n,Return()',
    '',
    '[hotline-pause-reasons]',
  ];
  for (const r of [...reasons].sort((a, b) => a.code - b.code)) {
    out.push(`exten => ${r.code},1,Return(${assertConfigValue(withoutInvisible(r.name), REASON)})`);
  }
  out.push('');
  for (const a of [...agents].sort((x, y) => x.id - y.id)) out.push(...agentContext(a, section), '');
  return out.join('\n');
}

function code(exten: string, what: 'login' | 'logout' | 'unpause'): string[] {
  return [
    `exten => ${exten},1,Set(HOTLINE_AGENT=\${FILTER(0-9,\${CHANNEL(endpoint)})})`,
    ` same => n,GosubIf($[\${DIALPLAN_EXISTS(hotline-agent-\${HOTLINE_AGENT},${what},1)}]?hotline-agent-\${HOTLINE_AGENT},${what},1:hotline-agent-none,s,1)`,
    ' same => n,Hangup()',
  ];
}

function agentContext(a: Agent, section: (queueId: number) => string): string[] {
  const ext = assertConfigValue(a.extension, EXT);
  const iface = `PJSIP/${ext}`;
  const event = (action: string, extra = '') =>
    `UserEvent(HotlineAgent,Extension: ${ext},Action: ${action}${extra})`;
  const queues = a.skills.map((s) => ({
    q: assertConfigValue(section(s.queueId), /^q[0-9]+$/),
    level: assertConfigValue(String(s.level), /^[0-9]$/),
  }));
  return [
    `[hotline-agent-${ext}]`,
    'exten => login,1,Answer()',
    ...queues.map(({ q, level }) => ` same => n,AddQueueMember(${q},${iface},${level},,${ext},${iface})`),
    ` same => n,${event('login')}`,
    ' same => n,Playback(agent-loginok)',
    ' same => n,Return()',
    'exten => logout,1,Answer()',
    ...queues.map(({ q }) => ` same => n,RemoveQueueMember(${q},${iface})`),
    ` same => n,${event('logout')}`,
    ' same => n,Playback(agent-loggedoff)',
    ' same => n,Return()',
    // ARG1 is a reason name from [hotline-pause-reasons]
    'exten => pause,1,Answer()',
    ` same => n,PauseQueueMember(,${iface},,\${ARG1})`,
    ` same => n,${event('pause', ',Reason: ${ARG1}')}`,
    ' same => n,Playback(beep)',
    ' same => n,Return()',
    'exten => unpause,1,Answer()',
    ` same => n,UnpauseQueueMember(,${iface})`,
    ` same => n,${event('unpause')}`,
    ' same => n,Playback(beep)',
    ' same => n,Return()',
  ];
}
