import type { Ami } from '../asterisk/ami.js';
import { assertLoaded, type ConfigSection, loadedExtensions, type VerifyContext } from '../asterisk/apply.js';
import type { ContactStatus } from '../bus.js';
import { AppError } from '../errors.js';
import type { Change } from '../kit/change.js';
import { dialplanFile } from '../kit/dialplan-section.js';
import { mapPage, type Page } from '../kit/list.js';
import { mustFind, type ResourceService } from '../kit/resource.js';
import { resourceChanges } from '../kit/resource-changes.js';
import { randomSecret } from '../secrets.js';
import { SEATS_DIALPLAN_CONTEXT, seatsDialplan, seatsPjsipConf } from './confgen.js';
import type { createRegistrations } from './registrations.js';
import './events.js';
import { patched } from '../kit/patch.js';
import type { Seat, SeatCreate, SeatListQuery, SeatUpdate } from './schema.js';
import type { SeatStore } from './store.js';

/** What the API shows of a seat; the secret only to admins. */
export type SeatView = Omit<Seat, 'secret'> & {
  secret?: string;
  registration: ReturnType<Registrations['get']>;
};
type Registrations = ReturnType<typeof createRegistrations>;

export interface SeatService extends ResourceService<Seat, SeatCreate, SeatUpdate> {
  /** Other domains refuse a seat's deletion while they point at it (the guard throws an AppError). */
  addRemoveGuard(guard: (seat: Seat) => void): void;
  view(s: Seat, withSecret: boolean): SeatView;
  list(q: SeatListQuery, withSecret: boolean): Page<SeatView>;
  /** Lookups for other domains (voicemail, announcements, routes): rows, never the store. */
  findByExtension(ext: string): Seat | undefined;
  all(): Seat[];
  /** The generated files for seats, and the check that Asterisk loaded them. */
  configSection(): ConfigSection;
  /** Re-reads registrations from Asterisk (after a (re)connect). */
  resyncRegistrations(ami: Ami): Promise<void>;
}

export function createSeatService(deps: {
  store: SeatStore;
  change: Change;
  registrations: Registrations;
}): SeatService {
  const { store, registrations } = deps;
  const changes = resourceChanges(deps.change, { entity: 'seat', event: 'seat.changed' });

  const view = (s: Seat, withSecret: boolean): SeatView => {
    const { secret, ...rest } = s;
    return { ...rest, ...(withSecret ? { secret } : {}), registration: registrations.get(s.extension) };
  };
  const mustGet = mustFind(store.get, 'seat');
  const removeGuards: ((seat: Seat) => void)[] = [];

  return {
    addRemoveGuard: (guard) => {
      removeGuards.push(guard);
    },

    view,

    list: (q, withSecret) => mapPage(store.page(q), (s) => view(s, withSecret)),

    get: (id) => mustGet(id),
    findByExtension: (ext) => store.getByExtension(ext),
    all: () => store.all(),

    async create(input, actor) {
      if (store.getByExtension(input.extension)) {
        throw new AppError('conflict', `extension ${input.extension} already exists`, { field: 'extension' });
      }
      const now = Date.now();
      const seat = { ...input, secret: input.secret ?? randomSecret(24) };
      const id = await changes.create(actor, seat, () => store.insert(seat, now));
      return mustGet(id);
    },

    async update(id, patch, actor) {
      const before = mustGet(id);
      const after: Seat = patched(before, patch);
      await changes.update(actor, before, after, () => store.update(after, Date.now()));
      return mustGet(id);
    },

    async remove(id, actor) {
      const before = mustGet(id);
      for (const guard of removeGuards) guard(before);
      await changes.remove(actor, before, () => store.remove(id));
    },

    configSection() {
      return {
        name: 'seats',
        generate: () => {
          const seats = store.all();
          const expected = new Set(seats.filter((s) => s.enabled).map((s) => s.extension));
          return {
            files: [
              { name: 'pjsip_seats.conf', text: seatsPjsipConf(seats), reload: 'res_pjsip.so' as const },
              dialplanFile('seats', seatsDialplan(seats)),
            ],
            verify: (ctx: VerifyContext) => verifySeats(ctx, expected),
          };
        },
      };
    },

    async resyncRegistrations(ami) {
      const [contacts, endpoints] = await Promise.all([
        ami.list('PJSIPShowContacts'),
        ami.list('PJSIPShowEndpoints'),
      ]);
      registrations.replaceAll(
        contacts.map((c) => ({
          endpoint: c.Endpoint ?? c.EndpointName ?? c.Aor ?? '',
          uri: c.Uri ?? '',
          status: (c.Status === 'NonQualified' ? 'Reachable' : (c.Status ?? 'Unknown')) as ContactStatus,
        })),
        new Map(endpoints.map((e) => [e.ObjectName ?? '', deviceStateName(e.DeviceState ?? '')])),
      );
    },
  };
}

/**
 * Seat endpoints are the all-digit ones; every expected seat must exist and
 * no other, and [hotline-seats] dials exactly the enabled seats.
 */
async function verifySeats(ctx: VerifyContext, expected: Set<string>) {
  const endpoints = await ctx.ami.list('PJSIPShowEndpoints');
  const present = new Set(endpoints.map((e) => e.ObjectName ?? '').filter((n) => /^[0-9]+$/.test(n)));
  assertLoaded('Asterisk endpoints do not match the seats after reload', expected, present);
  assertLoaded(
    'dialplan does not route to exactly the seats after reload',
    expected,
    await loadedExtensions(ctx, SEATS_DIALPLAN_CONTEXT),
  );
}

/** PJSIPShowEndpoints reports "Not in use"; events report NOT_INUSE. One vocabulary. */
function deviceStateName(s: string): string {
  return s
    .trim()
    .toUpperCase()
    .replace(/\s+/g, '_')
    .replace('NOT_IN_USE', 'NOT_INUSE')
    .replace('IN_USE', 'INUSE');
}
