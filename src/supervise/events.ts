import type { Bus } from '../bus.js';
import type { SuperviseService } from './service.js';

/** Spy channels from the bus: answered, hung up; a resync after every (re)connect. */
export function wireSupervise(
  bus: Bus,
  owner: string,
  service: SuperviseService,
  onError: (err: unknown) => void,
) {
  bus.on(owner, 'channel.state', (c) => {
    if (c.state === 'Up') service.answered(c.uniqueid, c.at);
  });
  bus.on(owner, 'channel.hungup', (e) => service.hungup(e.uniqueid, e.at));
  bus.on(owner, 'asterisk.ready', () => {
    service.resync().catch(onError);
  });
}
