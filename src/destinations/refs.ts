import { AppError, validation } from '../errors.js';
import type { Destination, PlainDestination } from './schema.js';

/** The objects a destination can point at. */
export type RefKind = 'seat' | 'voicemail' | 'schedule' | 'announcement' | 'queue' | 'ivr';
export type DestinationRef =
  | { kind: 'seat' | 'voicemail'; extension: string }
  | { kind: 'schedule' | 'announcement' | 'queue' | 'ivr'; id: number };

/** A domain that stores destinations (inbound routes, announcements' "then", ...). */
export type DestinationHolder = () => { owner: string; destination: Destination }[];

/**
 * Reference checks and usages, shared by every domain that stores or owns
 * destination targets. Lookups are injected by the owning domains (seats,
 * schedules, announcements) so this module depends on none of them; a kind
 * whose lookup was never provided is refused.
 */
export type Destinations = ReturnType<typeof createDestinations>;

export function createDestinations() {
  const lookups = new Map<RefKind, (key: string | number) => boolean>();
  const holders = new Map<string, DestinationHolder>();

  const refsOf = (d: Destination): { ref: DestinationRef; path: string[] }[] => {
    if (d.type === 'schedule') {
      return [
        { ref: { kind: 'schedule', id: d.scheduleId }, path: ['scheduleId'] },
        ...plainRefs(d.open).map((r) => ({ ...r, path: ['open', ...r.path] })),
        ...plainRefs(d.closed).map((r) => ({ ...r, path: ['closed', ...r.path] })),
      ];
    }
    return plainRefs(d);
  };

  const sameRef = (a: DestinationRef, b: DestinationRef) =>
    a.kind === b.kind &&
    ('extension' in a ? 'extension' in b && a.extension === b.extension : 'id' in b && a.id === b.id);

  const usages = (ref: DestinationRef): string[] => {
    const owners: string[] = [];
    for (const holder of holders.values()) {
      for (const { owner, destination } of holder()) {
        const refs = refsOf(destination).map((r) => r.ref);
        // a mailbox belongs to its seat: deleting the seat deletes the mailbox
        const hit = refs.some(
          (r) =>
            sameRef(r, ref) ||
            (ref.kind === 'seat' && r.kind === 'voicemail' && r.extension === ref.extension),
        );
        if (hit) owners.push(owner);
      }
    }
    return owners;
  };

  return {
    /** Registers how to tell whether a referenced object exists. */
    provide(kind: RefKind, exists: (key: string | number) => boolean) {
      lookups.set(kind, exists);
    },

    /** Registers a domain holding destinations, so its references count as usages. */
    addHolder(name: string, holder: DestinationHolder) {
      holders.set(name, holder);
    },

    /** Throws a 400 naming `<field>.<path>` when the destination points at nothing. */
    check(d: Destination, field = 'destination') {
      for (const { ref, path } of refsOf(d)) {
        const name = [field, ...path].join('.');
        const exists = lookups.get(ref.kind);
        const key = 'extension' in ref ? ref.extension : ref.id;
        if (!exists) throw validation(name, `${ref.kind} destinations are not available on this box`);
        if (!exists(key)) throw validation(name, `${name}: no ${refLabel(ref)}`);
      }
    },

    /** Owners (e.g. "inbound route 3") whose destinations point at `ref`. */
    usages,

    /** Throws 409 when something still points at `ref` (call before deleting it). */
    assertUnused(ref: DestinationRef) {
      const owners = usages(ref);
      if (owners.length) {
        throw new AppError('conflict', `${refLabel(ref)} is in use by ${owners.join(', ')}`, {
          details: { usedBy: owners },
        });
      }
    },
  };
}

function plainRefs(d: PlainDestination): { ref: DestinationRef; path: string[] }[] {
  switch (d.type) {
    case 'seat':
    case 'voicemail':
      return [{ ref: { kind: d.type, extension: d.extension }, path: ['extension'] }];
    case 'announcement':
      return [{ ref: { kind: 'announcement', id: d.announcementId }, path: ['announcementId'] }];
    case 'queue':
      return [{ ref: { kind: 'queue', id: d.queueId }, path: ['queueId'] }];
    case 'ivr':
      return [{ ref: { kind: 'ivr', id: d.ivrId }, path: ['ivrId'] }];
    case 'external':
    case 'hangup':
      return [];
  }
}

function refLabel(ref: DestinationRef): string {
  switch (ref.kind) {
    case 'seat':
      return `seat ${ref.extension}`;
    case 'voicemail':
      return `mailbox ${ref.extension}`;
    default:
      return `${ref.kind} ${ref.id}`;
  }
}
