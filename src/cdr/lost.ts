import type { Ami } from '../asterisk/ami.js';
import { readChannels } from '../asterisk/queue-events.js';
import type { Bus, ChannelInfo } from '../bus.js';
import type { Db } from '../db/index.js';
import type { Logger } from '../log.js';
import { TRUNK_IN_CONTEXT } from '../trunks/confgen.js';
import type { CdrValues } from './parse.js';
import { LOST } from './schema.js';
import { createCdrStore } from './store.js';

/** A channel as last seen on AMI: enough to write its call's CDR. */
interface SeenChannel {
  uniqueid: string;
  linkedid: string;
  channel: string;
  callerIdNum: string;
  /** Where it entered the dialplan (Newchannel), not where it is now. */
  exten: string;
  context: string;
  createdAt: number;
  upAt: number | null;
}

/** The calls up when the AMI link went down, and the Asterisk run they belonged to. */
interface Cut {
  run: number;
  at: number;
  channels: SeenChannel[];
}

export interface LostCalls {
  /** Writes the cut's calls as LOST CDRs; returns how many rows it added (tests). */
  settle(startedAt: number | null): Promise<number>;
  /** The channels seen up now (tests). */
  size(): number;
}

/**
 * Follows the channels up on AMI. When the link drops, keeps them as a cut;
 * when it is back and Asterisk's start time differs from the run before (a
 * new Asterisk: the old one died and took its calls), writes one LOST CDR per
 * call of the cut whose caller channel has no CDR, after the spool ingest has
 * caught up (a call that ended as the link dropped has its own CDR). Same run:
 * only the link dropped, the calls live on. The unique index cdr_lost_uniqueid
 * makes a second pass add nothing. The cut lives in memory: a hotlined that
 * restarts while Asterisk is down does not know the calls it had seen.
 */
export function createLostCalls(deps: {
  db: Db;
  bus: Bus;
  log: Logger;
  ami: Pick<Ami, 'list'>;
  /** The spool ingest's catch-up. */
  catchUp: () => Promise<unknown>;
}): LostCalls {
  const { bus } = deps;
  const log = deps.log.child({ component: 'cdr-lost' });
  const store = createCdrStore(deps.db);
  const channels = new Map<string, SeenChannel>();
  let run: number | null = null;
  let connected = false;
  let cut: Cut | null = null;

  const seen = (c: ChannelInfo) => {
    if (!c.uniqueid) return;
    let ch = channels.get(c.uniqueid);
    if (!ch) {
      ch = {
        uniqueid: c.uniqueid,
        linkedid: c.linkedid || c.uniqueid,
        channel: c.channel,
        callerIdNum: c.callerIdNum,
        exten: c.exten,
        context: c.context,
        createdAt: c.at,
        upAt: null,
      };
      channels.set(c.uniqueid, ch);
    }
    if (c.state === 'Up' && ch.upAt === null) ch.upAt = c.at;
  };

  bus.on('cdr', 'channel.created', seen);
  bus.on('cdr', 'channel.state', seen);
  bus.on('cdr', 'channel.hungup', (e) => channels.delete(e.uniqueid));
  bus.on('cdr', 'ami.state', (e) => {
    if (e.state === 'connected') return;
    if (connected && run !== null && channels.size > 0) {
      cut = { run, at: e.since, channels: [...channels.values()] };
      log.info({ channels: channels.size }, 'AMI link down with calls up: kept to check on reconnect');
    }
    connected = false;
    channels.clear();
  });
  bus.on('cdr', 'asterisk.ready', (e) => {
    connected = true;
    run = e.startedAt;
    settle(e.startedAt)
      .catch((err) => log.warn({ err }, 'could not write the LOST CDRs of the calls Asterisk died with'))
      // after a reconnect to the same Asterisk, the calls up now (hangups in the gap were missed)
      .then(() => readChannels(deps.ami as Ami))
      .then((now) => {
        channels.clear();
        for (const c of now) seen(c);
      })
      .catch((err) => log.warn({ err }, 'could not list the channels up after the AMI reconnect'));
  });

  async function settle(startedAt: number | null): Promise<number> {
    const c = cut;
    if (c === null) return 0;
    cut = null;
    // The same Asterisk: only the link dropped and its calls go on. Unknown: nothing to go by.
    if (startedAt === null || startedAt === c.run) return 0;
    // a spool that cannot be read now is no reason to lose the calls: a late spool row wins in the builder
    await deps
      .catchUp()
      .catch((err) => log.warn({ err }, 'CDR spool catch-up failed; writing LOST CDRs anyway'));
    const rows = lostCdrs(c);
    let added: number;
    try {
      added = store.transaction(() => {
        let n = 0;
        for (const v of rows) if (!store.hasLeg(v[17], v[16]) && store.insertLost(v) !== null) n++;
        return n;
      })();
    } catch (err) {
      cut ??= c; // the disk full, say: the next reconnect tries again
      throw err;
    }
    if (added > 0) {
      log.warn(
        { calls: added },
        'Asterisk restarted with calls up: wrote a LOST CDR for each (it wrote none)',
      );
      bus.emit('cdr.ingested', { count: added, lastId: store.maxId() });
    }
    return added;
  }

  return { settle, size: () => channels.size };
}

const sec = (ms: number) => ms / 1000;

/** Pure: one LOST CDR per call of the cut, for its caller channel (uniqueid = linkedid, else the oldest). */
export function lostCdrs(cut: Cut): CdrValues[] {
  const byCall = new Map<string, SeenChannel[]>();
  for (const ch of cut.channels) byCall.set(ch.linkedid, [...(byCall.get(ch.linkedid) ?? []), ch]);
  const out: CdrValues[] = [];
  for (const [linkedid, chans] of byCall) {
    const sorted = [...chans].sort((a, b) => a.createdAt - b.createdAt);
    const origin = sorted.find((c) => c.uniqueid === linkedid) ?? sorted[0]!;
    const peer = sorted.find((c) => c !== origin && c.upAt !== null);
    const upAt = origin.upAt;
    const end = Math.max(cut.at, origin.createdAt);
    // the carrier's number as the trunk sent it: the inbound route sets CDR(did) from it
    const did =
      origin.context === TRUNK_IN_CONTEXT && /^[0-9*#+]{1,32}$/.test(origin.exten) ? origin.exten : '';
    out.push([
      0, // spool_id: the store gives the next negative one
      sec(origin.createdAt),
      upAt === null ? null : sec(upAt),
      sec(end),
      origin.callerIdNum === '' ? '' : `"" <${origin.callerIdNum}>`,
      origin.callerIdNum,
      origin.exten,
      origin.context,
      origin.channel,
      peer?.channel ?? '',
      '',
      '',
      Math.round((end - origin.createdAt) / 1000),
      upAt === null ? 0 : Math.floor((end - upAt) / 1000),
      LOST,
      '',
      origin.uniqueid,
      linkedid,
      '',
      0,
      did,
      '',
      '',
      '',
    ]);
  }
  return out;
}
