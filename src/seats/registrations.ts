import type { Bus, ContactStatus } from '../bus.js';

export interface SeatRegistration {
  registered: boolean;
  contacts: { uri: string; status: ContactStatus }[];
  /** Asterisk device state of PJSIP/<ext>: NOT_INUSE, INUSE, RINGING, UNAVAILABLE, ... */
  deviceState: string;
}

/**
 * Live registration state of seats, from AMI ContactStatus and
 * DeviceStateChange events; replaced wholesale on every resync so a missed
 * event cannot leave a ghost registration behind.
 */
export function createRegistrations(bus: Bus) {
  const contacts = new Map<string, Map<string, ContactStatus>>();
  const devices = new Map<string, string>();

  bus.on('seats', 'pjsip.contact', (c) => {
    let set = contacts.get(c.endpoint || c.aor);
    if (!set) {
      set = new Map();
      contacts.set(c.endpoint || c.aor, set);
    }
    if (c.status === 'Removed') set.delete(c.uri);
    else set.set(c.uri, c.status);
  });
  bus.on('seats', 'device.state', (d) => {
    if (d.device.startsWith('PJSIP/')) devices.set(d.device.slice(6), d.state);
  });

  return {
    get(ext: string): SeatRegistration {
      const list = [...(contacts.get(ext) ?? new Map<string, ContactStatus>())].map(([uri, status]) => ({
        uri,
        status,
      }));
      return {
        registered: list.some((c) => c.status !== 'Unreachable'),
        contacts: list,
        deviceState: devices.get(ext) ?? (list.length ? 'UNKNOWN' : 'UNAVAILABLE'),
      };
    },
    replaceAll(
      list: { endpoint: string; uri: string; status: ContactStatus }[],
      deviceStates: Map<string, string>,
    ) {
      contacts.clear();
      for (const c of list) {
        let set = contacts.get(c.endpoint);
        if (!set) {
          set = new Map();
          contacts.set(c.endpoint, set);
        }
        set.set(c.uri, c.status);
      }
      devices.clear();
      for (const [k, v] of deviceStates) devices.set(k, v);
    },
  };
}
