import t from 'tap';
import { z } from 'zod';
import { compileDestination, renderExtension } from '../../src/destinations/compile.js';
import { createDestinations } from '../../src/destinations/refs.js';
import { Destination } from '../../src/destinations/schema.js';
import { isAppError } from '../../src/errors.js';

const apps = (d: unknown, prefix?: string) =>
  compileDestination(Destination.parse(d) as never, { labelPrefix: prefix }).map(
    (s) => (s.label ? `(${s.label})` : '') + s.app,
  );

t.test('each destination compiles to the contract dialplan', async (t) => {
  t.same(apps({ type: 'seat', extension: '1001' }), [
    'Gosub(hotline-call-seat,s,1(1001,30))',
    'ExecIf($["${DIALSTATUS}" = "ANSWER"]?Hangup())',
  ]);
  t.same(apps({ type: 'voicemail', extension: '1001' }), [
    'VoiceMail(1001@default,u)',
    'ExecIf($["${VMSTATUS}" = "SUCCESS"]?Hangup())',
  ]);
  t.same(apps({ type: 'announcement', announcementId: 4 }), [
    'GotoIf(${DIALPLAN_EXISTS(hotline-announcement-4,s,1)}?hotline-announcement-4,s,1)',
  ]);
  t.same(apps({ type: 'hangup' }), ['Hangup()']);
  t.same(
    apps(
      {
        type: 'schedule',
        scheduleId: 2,
        open: { type: 'hangup' },
        closed: { type: 'seat', extension: '1002' },
      },
      'f',
    ),
    [
      'Gosub(hotline-schedule-2,s,1)',
      'GotoIf($["${HOTLINE_OPEN}" = "1"]?fopen)',
      'Set(CDR(afterhours)=1)',
      'Gosub(hotline-call-seat,s,1(1002,30))',
      'ExecIf($["${DIALSTATUS}" = "ANSWER"]?Hangup())',
      'Goto(fdone)',
      '(fopen)Hangup()',
      '(fdone)NoOp(schedule 2 destination returned)',
    ],
  );
  t.same(
    [
      ...compileDestination({ type: 'queue', queueId: 3 }),
      ...compileDestination({ type: 'ivr', ivrId: 4 }),
      ...compileDestination({ type: 'external', number: '+8610086' }),
    ].map((s) => s.app),
    [
      'GotoIf(${DIALPLAN_EXISTS(hotline-queue-3,s,1)}?hotline-queue-3,s,1)',
      'GosubIf(${DIALPLAN_EXISTS(hotline-ivr-4,s,1)}?hotline-ivr-4,s,1)',
      'Set(HOTLINE_CLASS=3)',
      'Goto(hotline-outbound,+8610086,1)',
    ],
  );
  t.same(renderExtension('s', [{ app: 'Answer()' }, { label: 'x', app: 'Hangup()' }]), [
    'exten => s,1,Answer()',
    ' same => n(x),Hangup()',
  ]);
});

t.test('hostile destinations are refused naming the field; schedules nest one level', async (t) => {
  const S = z.strictObject({ destination: Destination });
  const issue = (d: unknown) => {
    const r = S.safeParse({ destination: d });
    return r.success
      ? null
      : { path: r.error.issues[0]?.path.join('.'), message: r.error.issues[0]?.message };
  };
  t.match(issue({ type: 'queue', queueId: '1,1' }), { path: 'destination.queueId' });
  t.match(issue({ type: 'ivr' }), { path: 'destination.ivrId' });
  t.match(issue({ type: 'external', number: '110\nexten' }), { path: 'destination.number' });
  t.match(issue({ type: 'external', number: '1'.repeat(21) }), { path: 'destination.number' });
  t.match(issue({ type: 'Stasis' }), { path: 'destination.type' });
  const nested = { type: 'schedule', scheduleId: 1, open: { type: 'hangup' }, closed: { type: 'hangup' } };
  t.match(issue({ ...nested, open: nested }), { path: 'destination.open.type' });
  t.match(issue({ type: 'seat', extension: '1001;' }), { path: 'destination.extension' });
  t.match(issue({ type: 'hangup', app: 'System(id)' }), { path: 'destination' });
  t.match(issue({ type: 'announcement', announcementId: '4,1' }), { path: 'destination.announcementId' });
  t.equal(issue(nested), null);
});

t.test('references are checked with injected lookups, and usages block deletion', async (t) => {
  const d = createDestinations();
  d.provide('seat', (ext) => ext === '1001');
  d.provide('schedule', (id) => id === 2);
  const check = (dest: unknown, field?: string) => {
    try {
      d.check(Destination.parse(dest) as never, field);
      return null;
    } catch (err) {
      return isAppError(err) ? { code: err.code, field: err.field } : err;
    }
  };
  t.equal(check({ type: 'seat', extension: '1001' }), null);
  t.same(check({ type: 'seat', extension: '1009' }), { code: 'validation', field: 'destination.extension' });
  t.same(check({ type: 'announcement', announcementId: 1 }, 'fallback'), {
    code: 'validation',
    field: 'fallback.announcementId',
  });
  t.same(
    check({
      type: 'schedule',
      scheduleId: 2,
      open: { type: 'hangup' },
      closed: { type: 'seat', extension: '1002' },
    }),
    { code: 'validation', field: 'destination.closed.extension' },
  );
  d.addHolder('routes', () => [
    { owner: 'inbound route 1', destination: { type: 'voicemail', extension: '1001' } },
    {
      owner: 'inbound route 2',
      destination: { type: 'schedule', scheduleId: 2, open: { type: 'hangup' }, closed: { type: 'hangup' } },
    },
  ]);
  t.same(d.usages({ kind: 'seat', extension: '1001' }), ['inbound route 1'], "a seat's mailbox counts");
  t.same(d.usages({ kind: 'schedule', id: 2 }), ['inbound route 2']);
  t.same(d.usages({ kind: 'schedule', id: 3 }), []);
  t.throws(() => d.assertUnused({ kind: 'schedule', id: 2 }), { code: 'conflict' });
});
