import { isIP } from 'node:net';
import type { Bus, ContactStatus } from '../bus.js';
import type { Logger } from '../log.js';
import type { Ami, AmiMessage } from './ami.js';
import { translateQueueEvent } from './queue-events.js';

/**
 * The one place AMI frames become domain events. Domains never see an AMI
 * frame; they see the typed events of LiveEvents.
 */
export function bridgeAmiToBus(ami: Ami, bus: Bus, log: Logger): () => void {
  const offEvent = ami.onEvent((e) => translate(e, bus));
  const offState = ami.onState((state) => {
    bus.emit('ami.state', { state, since: Date.now() });
    if (state === 'connected') {
      announceReady(ami, bus).catch((err) =>
        log.warn({ err }, 'could not read Asterisk status after connect'),
      );
    }
  });
  return () => {
    offEvent();
    offState();
  };
}

/** A compiled IVR's step (src/ivr/compile.ts, `[hotline-ivr-path]`): what the Stasis runner reports itself. */
function ivrPath(e: AmiMessage, bus: Bus): void {
  const path = e.Path ?? '';
  if (!/^[1-9][0-9]{0,9}$/.test(e.Ivr ?? '') || !/^[A-Za-z0-9_!*#.>-]{1,260}$/.test(path) || !e.Uniqueid)
    return;
  // KeyAt: when Read() got the key; At: when the path step ran (both on the caller's channel thread)
  const keyAt = Number(e.KeyAt);
  const at = Number(e.At);
  const step = e.KeyAt && keyAt > 0 && at > 0 ? Math.max(0, (at - keyAt) * 1000) : undefined;
  bus.emit('ivr.path', {
    channelId: e.Uniqueid,
    ivrId: Number(e.Ivr),
    path: path.split('>'),
    ...(step !== undefined ? { stepMs: Math.round(step * 10) / 10 } : {}),
  });
}

const CONTACT_STATUSES = new Set(['Created', 'Removed', 'Reachable', 'Unreachable', 'Updated', 'Unknown']);

function translate(e: AmiMessage, bus: Bus): void {
  switch (e.Event) {
    case 'ContactStatus': {
      const raw = e.ContactStatus ?? 'Unknown';
      bus.emit('pjsip.contact', {
        endpoint: e.EndpointName ?? '',
        aor: e.AOR ?? '',
        uri: e.URI ?? '',
        status: (CONTACT_STATUSES.has(raw) ? raw : 'Unknown') as ContactStatus,
        ...(e.RoundtripUsec && /^[0-9]+$/.test(e.RoundtripUsec) ? { rttUsec: Number(e.RoundtripUsec) } : {}),
      });
      return;
    }
    case 'Registry':
      if (e.ChannelType === 'PJSIP') {
        bus.emit('pjsip.registry', {
          clientUri: e.Username ?? '',
          serverUri: e.Domain ?? '',
          status: e.Status ?? '',
          cause: e.Cause ?? '',
        });
      }
      return;
    case 'UserEvent':
      if (e.UserEvent === 'HotlineAgent' && e.Extension && e.Action) {
        bus.emit('agent.feature-code', { extension: e.Extension, action: e.Action, reason: e.Reason ?? '' });
      } else if (e.UserEvent === 'HotlineCallback') {
        if (e.Action === 'requested')
          bus.emit('callback.dialplan', {
            action: 'requested',
            queueId: e.Queue ?? '',
            number: e.Number ?? '',
            queuedAt: e.QueuedAt ?? '',
          });
        else if (e.Action === 'scheduled')
          bus.emit('callback.dialplan', {
            action: 'scheduled',
            queueId: e.Queue ?? '',
            number: e.Number ?? '',
            minutes: e.Minutes ?? '',
          });
        else if (e.Action === 'confirmed' || e.Action === 'unconfirmed')
          bus.emit('callback.dialplan', { action: e.Action, callbackId: e.Id ?? '' });
      } else if (e.UserEvent === 'HotlineDialer' && /^[1-9][0-9]{0,15}$/.test(e.Attempt ?? '')) {
        bus.emit('dialer.step', {
          attempt: Number(e.Attempt),
          step: e.Step ?? '',
          status: e.Status ?? '',
          cause: e.Cause ?? '',
          seat: e.Seat ?? '',
          key: e.Key ?? '',
          channel: e.Channel ?? '',
        });
      } else if (e.UserEvent === 'HotlineIvrPath') {
        ivrPath(e, bus);
      } else if (e.UserEvent === 'HotlineNotify' && /^[0-9]{1,15}$/.test(e.Action ?? '')) {
        const step = e.Step === 'key' || e.Step === 'handover' ? e.Step : 'answered';
        bus.emit('notify.call', { action: Number(e.Action), step, key: e.Key ?? '' });
      }
      return;
    case 'InvalidAccountID':
    case 'ChallengeResponseFailed':
    case 'InvalidPassword':
    case 'FailedACL':
    case 'AuthMethodNotAllowed':
    case 'RequestNotAllowed': {
      // Asterisk's security events (manager.conf read class `security`): the brute-force guard counts them
      const address = remoteAddress(e.RemoteAddress);
      if (address) {
        bus.emit('security.failure', {
          event: e.Event,
          service: e.Service ?? '',
          account: e.AccountID ?? '',
          address,
        });
      }
      return;
    }
    case 'OriginateResponse':
      bus.emit('originate.response', {
        context: e.Context ?? '',
        exten: e.Exten ?? '',
        uniqueid: e.Uniqueid ?? '',
        actionId: e.ActionID ?? '',
        answered: e.Response === 'Success',
        reason: Number(e.Reason ?? 0) || 0,
      });
      return;
    case 'MessageWaiting':
      // app_voicemail on every mailbox change; New counts its unheard messages
      if (e.Mailbox && e.Waiting === '1' && /^[0-9]+$/.test(e.New ?? ''))
        bus.emit('voicemail.left', { mailbox: e.Mailbox, newCount: Number(e.New) });
      return;
    case 'DeviceStateChange':
      if (e.Device && e.State) bus.emit('device.state', { device: e.Device, state: e.State });
      return;
    default:
      // app_queue and channel events for the live state
      translateQueueEvent(e, bus);
      return;
  }
}

/** After every (re)connect: who is Asterisk and since when, then tell domains to resync. */
async function announceReady(ami: Ami, bus: Bus): Promise<void> {
  // AMI accepts logins before modules have loaded (app_queue's queues, dialplan):
  // resyncing then would act on a half-started Asterisk
  await ami.command('core waitfullybooted', { timeoutMs: 120_000 });
  const [settings, status] = await Promise.all([ami.action('CoreSettings'), ami.action('CoreStatus')]);
  bus.emit('asterisk.ready', {
    version: settings.AsteriskVersion ?? 'unknown',
    startedAt: parseStartup(status.CoreStartupDate, status.CoreStartupTime),
  });
}

/** CoreStatus gives local date and time ("2026-11-23", "11:24:47"). */
function parseStartup(date?: string, time?: string): number | null {
  if (!date || !time) return null;
  const t = new Date(`${date}T${time}`).getTime();
  return Number.isFinite(t) ? t : null;
}

/**
 * The source address of an Asterisk security event's RemoteAddress
 * (`IPV4/UDP/203.0.113.9/5060`, `IPV6/UDP/2001:db8::9/5060`); null when it is
 * not a plain IP address (nothing else may reach an nft command).
 */
export function remoteAddress(field: string | undefined): string | null {
  const parts = (field ?? '').split('/');
  if (parts.length < 3) return null;
  const address = parts[2]!.replace(/^\[|\]$/g, '');
  return isIP(address) ? address : null;
}
