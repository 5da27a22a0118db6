import type { Bus } from '../bus.js';
import type { CallsStore } from './store.js';

/**
 * Hold intervals from the live events: what Asterisk cannot tell us later
 * (no CDR or queue_log line holds a hold). A Hold opens one for its channel,
 * an Unhold or the channel's hangup closes it; a hold left open while
 * hotlined was down ends with its channel's CDR leg, at start, on every
 * (re)connect to Asterisk and whenever its call is rebuilt. `ended` hears
 * of each call whose hold ended, so the call is rebuilt if its CDRs are in.
 */
export function followHolds(bus: Bus, owner: string, store: CallsStore, ended: (linkedid: string) => void) {
  bus.on(owner, 'channel.hold', (e) => {
    if (store.hold(e) && !e.held) ended(e.linkedid);
  });
  bus.on(owner, 'channel.hungup', (e) => {
    if (store.endHold(e.uniqueid, e.at)) ended(e.linkedid);
  });
  bus.on(owner, 'asterisk.ready', () => store.closeOrphanHolds());
  store.closeOrphanHolds();
}
