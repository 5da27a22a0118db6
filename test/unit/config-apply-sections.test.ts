import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import type { Ami, AmiMessage } from '../../src/asterisk/ami.js';
import { type ConfigApplier, createConfigApplier, verifyContexts } from '../../src/asterisk/apply.js';
import { type Actor, createAudit } from '../../src/audit/index.js';
import { Bus } from '../../src/bus.js';
import { queueContext } from '../../src/destinations/compile.js';
import { AppError } from '../../src/errors.js';
import { createChange } from '../../src/kit/change.js';
import { createLogger } from '../../src/log.js';
import { createRegistrations } from '../../src/seats/registrations.js';
import { SeatCreate } from '../../src/seats/schema.js';
import { createSeatService } from '../../src/seats/service.js';
import { createSeatStore } from '../../src/seats/store.js';
import { tempDb } from '../support/api-app.js';
import { generatedDialplan } from '../support/fake-dialplan.js';

const log = createLogger('silent');
const actor: Actor = { principal: { userId: 1, username: 'admin', role: 'admin', via: 'session' } };

/**
 * An Asterisk stand-in that counts every action and answers from the files
 * the applier wrote: endpoints from pjsip_seats.conf, the dialplan from the
 * extensions_*.conf (plus what a test makes stale behind hotlined's back).
 */
function fakeAsterisk(confDir: string) {
  const actions: string[] = [];
  const reloads: string[] = [];
  const stray: AmiMessage[] = [];
  let dialplanError: AppError | null = null;
  const endpoints = () => {
    let text = '';
    try {
      text = readFileSync(path.join(confDir, 'pjsip_seats.conf'), 'utf8');
    } catch {}
    return [...text.matchAll(/^\[(\d+)\]\ntype = endpoint$/gm)].map((m) => ({ ObjectName: m[1]! }));
  };
  const ami = {
    state: 'connected',
    onState: () => () => {},
    action: async (name: string, fields?: Record<string, unknown>) => {
      actions.push(name);
      if (name === 'Reload') reloads.push(String(fields?.Module));
      return { Response: 'Success' };
    },
    list: async (name: string) => {
      actions.push(name);
      if (name === 'PJSIPShowEndpoints') return endpoints();
      if (name === 'ShowDialPlan') {
        if (dialplanError) throw dialplanError;
        const items = generatedDialplan(confDir).map((i) => ({
          Context: i.context,
          ...(i.include ? { IncludeContext: i.include } : { Extension: i.extension }),
        }));
        return [...items, ...stray];
      }
      throw new Error(`the fake does not answer ${name}`);
    },
  } as unknown as Ami;
  return {
    ami,
    actions,
    reloads,
    /** A context Asterisk holds that no generated file declares (added from the CLI, say). */
    addStrayContext: (context: string) => stray.push({ Context: context, Extension: 's' } as AmiMessage),
    failDialplan: (err: AppError | null) => {
      dialplanError = err;
    },
    reset: () => {
      actions.length = 0;
      reloads.length = 0;
    },
  };
}

/**
 * The real seats section next to a small queues section (its own table,
 * extensions_queues.conf, verified through verifyContexts), each verify
 * wrapped so the test sees which ran.
 */
function setup(t: Test) {
  const { db, close } = tempDb();
  const confDir = path.join(path.dirname(db.name), 'hotline');
  const asterisk = fakeAsterisk(confDir);
  const bus = new Bus(log);
  const applier = createConfigApplier({ db, ami: asterisk.ami, dir: confDir, log });
  const verified: string[] = [];
  const counting: ConfigApplier = {
    ...applier,
    register: (section) =>
      applier.register({
        name: section.name,
        generate: () => {
          const g = section.generate();
          const verify = g.verify;
          return {
            files: g.files,
            verify: verify
              ? async (ctx) => {
                  verified.push(section.name);
                  await verify(ctx);
                }
              : undefined,
          };
        },
      }),
  };
  const store = createSeatStore(db);
  const seats = createSeatService({
    store,
    change: createChange({ db, applier: counting, audit: createAudit({ db, bus, log }), bus }),
    registrations: createRegistrations(bus),
  });
  counting.register(seats.configSection());
  db.exec('CREATE TABLE test_queues (id INTEGER PRIMARY KEY)');
  const queueIds = () => db.prepare('SELECT id FROM test_queues ORDER BY id').pluck().all() as number[];
  counting.register({
    name: 'queues',
    generate: () => {
      const ids = queueIds();
      return {
        files: [
          {
            name: 'extensions_queues.conf',
            text: ids.map((id) => `[${queueContext(id)}]\nexten => s,1,Queue(q${id})\n`).join('\n'),
            reload: 'pbx_config.so',
          },
        ],
        verify: (ctx) =>
          verifyContexts(
            ctx,
            /^hotline-queue-[0-9]+$/,
            ids.map((id) => queueContext(id)),
            'dialplan does not match the queues after reload',
          ),
      };
    },
  });
  const addQueue = (id: number) => () => db.prepare('INSERT INTO test_queues (id) VALUES (?)').run(id);
  const file = (name: string) => path.join(confDir, name);
  t.teardown(close);
  /** Counts reloads, AMI actions and verified sections from here on. */
  const recount = () => {
    asterisk.reset();
    verified.length = 0;
  };
  return { db, applier, store, seats, asterisk, verified, addQueue, file, recount };
}

const newSeat = (extension: string, name: string) => SeatCreate.parse({ extension, name });

t.test('a seat rename reloads res_pjsip only and verifies only the seats section', async (t) => {
  const s = setup(t);
  await s.applier.change(s.addQueue(1));
  const seat = await s.seats.create(newSeat('1001', 'Desk one'), actor);
  s.recount();

  await s.seats.update(seat.id, { name: 'Front desk' }, actor);
  t.same(s.asterisk.reloads, ['res_pjsip.so'], 'only pjsip_seats.conf changed, so only res_pjsip reloads');
  t.same(s.verified, ['seats'], 'the queues section, untouched, is not verified');
  t.same(s.asterisk.actions, ['Reload', 'PJSIPShowEndpoints', 'ShowDialPlan'], 'three AMI actions in all');
});

t.test('a new seat reloads res_pjsip and pbx_config and verifies only the seats section', async (t) => {
  const s = setup(t);
  await s.applier.change(s.addQueue(1));
  s.recount();
  await s.seats.create(newSeat('1001', 'Desk one'), actor);
  t.same(s.asterisk.reloads.sort(), ['pbx_config.so', 'res_pjsip.so']);
  t.same(s.verified, ['seats']);
});

t.test('a change that leaves every output identical reloads and verifies nothing', async (t) => {
  const s = setup(t);
  await s.applier.change(s.addQueue(1));
  const seat = await s.seats.create(newSeat('1001', 'Desk one'), actor);
  s.recount();
  await s.seats.update(seat.id, { name: 'Desk one' }, actor);
  t.same(s.asterisk.actions, [], 'no AMI action at all');
  t.same(s.verified, []);
});

t.test('several sections verified in one apply share one ShowDialPlan', async (t) => {
  const s = setup(t);
  s.asterisk.reset();
  await s.applier.change(() => {
    s.addQueue(1)();
    s.addQueue(2)();
    s.store.insert({ ...newSeat('1001', 'Desk one'), secret: 'abcdefghijklmnopqrstuvwx' }, 0);
  });
  t.same(s.verified.sort(), ['queues', 'seats'], 'both sections changed and both were verified');
  t.equal(s.asterisk.actions.filter((a) => a === 'ShowDialPlan').length, 1, 'one ShowDialPlan for both');
});

t.test('a stale context of an untouched section does not fail a seat change', async (t) => {
  const s = setup(t);
  await s.applier.change(s.addQueue(1));
  const seat = await s.seats.create(newSeat('1001', 'Desk one'), actor);
  s.asterisk.addStrayContext('hotline-queue-999');

  const renamed = await s.seats.update(seat.id, { name: 'Front desk' }, actor);
  t.equal(renamed.name, 'Front desk', 'the rename committed');
  await t.rejects(
    s.applier.change(s.addQueue(2)),
    { code: 'apply_failed', details: { missing: [], extra: ['hotline-queue-999'] } },
    'a change to the queues still sees the stale queue context',
  );
});

t.test('a failing ShowDialPlan fails the apply and puts back only the files written', async (t) => {
  const s = setup(t);
  await s.applier.change(s.addQueue(1));
  const seat = await s.seats.create(newSeat('1001', 'Desk one'), actor);
  const pjsipBefore = readFileSync(s.file('pjsip_seats.conf'), 'utf8');
  const queuesInode = statSync(s.file('extensions_queues.conf')).ino;
  s.asterisk.failDialplan(new AppError('apply_failed', 'Permission denied'));
  s.asterisk.reset();

  await t.rejects(s.seats.update(seat.id, { name: 'Front desk' }, actor), { code: 'apply_failed' });
  t.equal(readFileSync(s.file('pjsip_seats.conf'), 'utf8'), pjsipBefore, 'pjsip_seats.conf restored');
  t.equal(s.seats.get(seat.id).name, 'Desk one', 'database untouched');
  t.equal(statSync(s.file('extensions_queues.conf')).ino, queuesInode, 'a file not written is not rewritten');
  t.same(s.asterisk.reloads, ['res_pjsip.so', 'res_pjsip.so'], 'reloaded again on the restored file');
});

t.test('"Did not find context" from ShowDialPlan reads as no extensions, not as a pass', async (t) => {
  const s = setup(t);
  s.asterisk.failDialplan(new AppError('apply_failed', 'Did not find context hotline-queue-1'));
  await t.rejects(
    s.applier.change(s.addQueue(1)),
    { code: 'apply_failed', details: { missing: ['hotline-queue-1'], extra: [] } },
    'the expected context is reported missing',
  );
  t.same(s.db.prepare('SELECT COUNT(*) FROM test_queues').pluck().get(), 0, 'the change did not commit');
});

t.test(
  'generated files are written 0640: Asterisk reads them through its group, other users cannot',
  async (t) => {
    const s = setup(t);
    await s.seats.create(newSeat('1001', 'Desk one'), actor);
    t.equal(statSync(s.file('pjsip_seats.conf')).mode & 0o777, 0o640);
  },
);
