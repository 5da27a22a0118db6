import { assertConfigValue } from '../asterisk/confgen-util.js';
import { callClassRank } from '../dialplan/call-class.js';
import { type DialplanStep, SEAT_RING_SECONDS } from '../dialplan/steps.js';
import { OUTBOUND_CONTEXT } from '../outbound/confgen.js';
import type { Destination, PlainDestination } from './schema.js';

export type { DialplanStep };

const EXT = /^[0-9]{2,8}$/;
const ID = /^[1-9][0-9]{0,9}$/;
const LABEL_PREFIX = /^[a-z][a-z0-9]{0,15}$/;

/** The context a schedule compiles to; Gosub it and read HOTLINE_OPEN (1 or 0). */
export const scheduleContext = (id: number) => `hotline-schedule-${assertConfigValue(String(id), ID)}`;
/** The context helper C's announcements compile to. */
export const announcementContext = (id: number) =>
  `hotline-announcement-${assertConfigValue(String(id), ID)}`;

/** The context a queue compiles to (its entry, VIP priority, bound agent, overflow). */
export const queueContext = (id: number) => `hotline-queue-${assertConfigValue(String(id), ID)}`;
/**
 * The context an IVR tree compiles to: Stasis into hotlined, and a Return
 * when the app is not there or releases the caller, so the caller's
 * fallback runs instead of silence.
 */
export const ivrContext = (id: number) => `hotline-ivr-${assertConfigValue(String(id), ID)}`;

/**
 * Pure: a destination as dialplan steps. The steps either end the call or
 * hand it elsewhere for good (Goto), or they run out when the destination
 * gave up (the seat did not answer, the mailbox could not be opened, the
 * announcement is not in the dialplan): whatever the caller appends after
 * them (a route's fallback) runs then. `labelPrefix` keeps priority labels
 * unique when several destinations share one extension.
 */
export function compileDestination(d: Destination, opts: { labelPrefix?: string } = {}): DialplanStep[] {
  const p = assertConfigValue(opts.labelPrefix ?? 'd', LABEL_PREFIX);
  if (d.type !== 'schedule') return compilePlain(d);
  const open = compilePlain(d.open);
  const closed = compilePlain(d.closed);
  return [
    { app: `Gosub(${scheduleContext(d.scheduleId)},s,1)` },
    { app: `GotoIf($["\${HOTLINE_OPEN}" = "1"]?${p}open)` },
    // marks the call "after hours" in the calls table (CDR variable afterhours)
    { app: 'Set(CDR(afterhours)=1)' },
    ...closed,
    { app: `Goto(${p}done)` },
    ...withLabel(open, `${p}open`),
    { label: `${p}done`, app: `NoOp(schedule ${d.scheduleId} destination returned)` },
  ];
}

function compilePlain(d: PlainDestination): DialplanStep[] {
  switch (d.type) {
    case 'seat': {
      const ext = assertConfigValue(d.extension, EXT);
      return [
        { app: `Gosub(hotline-call-seat,s,1(${ext},${SEAT_RING_SECONDS}))` },
        // an answered call is over when Dial returns: no fallback after a conversation
        { app: `ExecIf($["\${DIALSTATUS}" = "ANSWER"]?Hangup())` },
      ];
    }
    case 'voicemail': {
      const ext = assertConfigValue(d.extension, EXT);
      return [
        { app: `VoiceMail(${ext}@default,u)` },
        // VMSTATUS=FAILED (no such mailbox) falls through to the fallback
        { app: `ExecIf($["\${VMSTATUS}" = "SUCCESS"]?Hangup())` },
      ];
    }
    case 'announcement': {
      const ctx = announcementContext(d.announcementId);
      // a missing context would hang the caller up; fall through instead
      return [{ app: `GotoIf(\${DIALPLAN_EXISTS(${ctx},s,1)}?${ctx},s,1)` }];
    }
    case 'queue': {
      const ctx = queueContext(d.queueId);
      // the queue's context owns its overflow; a missing queue falls through
      return [{ app: `GotoIf(\${DIALPLAN_EXISTS(${ctx},s,1)}?${ctx},s,1)` }];
    }
    case 'ivr': {
      const ctx = ivrContext(d.ivrId);
      // returns when hotlined is not there (STASISSTATUS=FAILED) or releases the caller
      return [{ app: `GosubIf(\${DIALPLAN_EXISTS(${ctx},s,1)}?${ctx},s,1)` }];
    }
    case 'external': {
      const number = assertConfigValue(d.number, /^\+?[0-9]{3,20}$/);
      // chosen by an admin, so any class; the premium deny list still applies
      return [
        { app: `Set(HOTLINE_CLASS=${callClassRank('international')})` },
        { app: `Goto(${OUTBOUND_CONTEXT},${number},1)` },
      ];
    }
    case 'hangup':
      return [{ app: 'Hangup()' }];
  }
}

function withLabel(steps: DialplanStep[], label: string): DialplanStep[] {
  const [first, ...rest] = steps;
  return first ? [{ ...first, label }, ...rest] : [{ label, app: 'NoOp()' }];
}

/** Dialplan lines for one extension: `exten => <exten>,1,...` then ` same => n,...`. */
export function renderExtension(exten: string, steps: DialplanStep[]): string[] {
  return steps.map((s, i) => {
    const prio = i === 0 ? '1' : 'n';
    const label = s.label ? `(${s.label})` : '';
    return i === 0 ? `exten => ${exten},${prio}${label},${s.app}` : ` same => ${prio}${label},${s.app}`;
  });
}
