import type { Ami } from '../asterisk/ami.js';
import type { Member, MemberAction } from './reconcile.js';

const SEAT_INTERFACE = /^PJSIP\/([0-9]{2,8})$/;
const iface = (ext: string) => `PJSIP/${ext}`;

/** app_queue's dynamic seat members, from QueueStatus (QueueMember items). */
export async function readMembers(ami: Ami): Promise<Member[]> {
  const items = await ami.list('QueueStatus');
  const out: Member[] = [];
  for (const e of items) {
    if (e.Event !== 'QueueMember') continue;
    const ext = SEAT_INTERFACE.exec(e.Location ?? e.Interface ?? '')?.[1];
    if (!ext || !e.Queue) continue;
    out.push({
      queue: e.Queue,
      extension: ext,
      penalty: Number(e.Penalty ?? 0),
      paused: e.Paused === '1',
      reason: e.PausedReason ?? '',
    });
  }
  return out;
}

/** Carries out a reconcile plan; a member already there (a race with a feature code) is not an error. */
export async function applyMemberActions(ami: Ami, actions: MemberAction[]): Promise<void> {
  for (const a of actions) {
    switch (a.kind) {
      case 'add': {
        const m = a.member;
        await ami
          .action('QueueAdd', {
            Queue: m.queue,
            Interface: iface(m.extension),
            Penalty: String(m.penalty),
            MemberName: m.extension,
            StateInterface: iface(m.extension),
          })
          .catch((err: Error) => {
            if (!/already there/i.test(err.message)) throw err;
          });
        if (m.paused) await pause(ami, m.queue, m.extension, true, m.reason);
        break;
      }
      case 'remove':
        await ami
          .action('QueueRemove', { Queue: a.queue, Interface: iface(a.extension) })
          .catch((err: Error) => {
            if (!/not there/i.test(err.message)) throw err;
          });
        break;
      case 'penalty':
        await ami.action('QueuePenalty', {
          Queue: a.queue,
          Interface: iface(a.extension),
          Penalty: String(a.penalty),
        });
        break;
      case 'pause':
        await pause(ami, a.queue, a.extension, a.paused, a.reason);
        break;
    }
  }
}

function pause(ami: Ami, queue: string, ext: string, paused: boolean, reason: string) {
  return ami.action('QueuePause', {
    Queue: queue,
    Interface: iface(ext),
    Paused: paused ? 'true' : 'false',
    ...(paused && reason ? { Reason: reason } : {}),
  });
}
