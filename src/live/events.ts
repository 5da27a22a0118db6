import type { Bus, LiveEvents } from '../bus.js';
import type { LiveModel } from './model.js';

/**
 * Bus events → live model. Every handler changes the model, then `changed()`
 * lets the stream send it. asterisk.ready is left to the caller (it resyncs).
 */
export function wireModel(bus: Bus, owner: string, model: LiveModel, changed: () => void): void {
  const on = <K extends keyof LiveEvents>(name: K, fn: (e: LiveEvents[K]) => void) =>
    bus.on(owner, name, (e) => {
      fn(e);
      changed();
    });
  on('queue.caller.joined', (e) => model.callerJoined(e));
  on('queue.caller.left', (e) => model.callerLeft(e));
  on('queue.caller.abandoned', (e) => model.callerAbandoned(e));
  on('queue.agent.called', (e) => model.agentCalled(e));
  on('queue.agent.connected', (e) => model.agentConnected(e));
  on('queue.agent.completed', (e) => model.agentCompleted(e));
  on('queue.agent.ringnoanswer', (e) => model.agentNotAnswering(e));
  on('queue.agent.dump', (e) => model.agentNotAnswering(e));
  on('queue.member', (e) => model.member(e));
  on('channel.created', (e) => model.channel(e));
  on('channel.state', (e) => model.channel(e));
  on('channel.hungup', (e) => model.hangup(e));
  on('trunk.status', (e) => model.infra.trunkStatus(e));
  on('span.alarm', (e) => model.infra.spanAlarm(e));
  on('span.alarm.cleared', (e) => model.infra.spanCleared(e));
  on('ami.state', (e) => model.infra.connection('ami', e.state, e.since));
  on('ari.state', (e) => model.infra.connection('ari', e.state, e.since));
}
