import t from 'tap';
import { until } from '../../dev/api-client.js';
import type { Ami } from '../../src/asterisk/ami.js';
import type { Logger } from '../../src/log.js';
import { createCallerPrioritySync } from '../../src/queues/caller-priority.js';
import { BOUND_FAMILY, VIP_FAMILY } from '../../src/queues/confgen.js';

type Row = { number: string; vip: number; boundAgent: string | null };

/** A recording AMI: every action in order; `failOn` makes one action name reject. */
function recordingAmi() {
  const calls: string[] = [];
  let failOn: string | null = null;
  const ami = {
    action: async (name: string, fields: Record<string, string> = {}) => {
      calls.push([name, fields.Family, fields.Key, fields.Val].filter((x) => x !== undefined).join(' '));
      await new Promise((r) => setImmediate(r));
      if (name === failOn) throw new Error(`${name} failed`);
      return {};
    },
  } as unknown as Ami;
  return {
    ami,
    calls,
    fail(name: string | null) {
      failOn = name;
    },
  };
}

function quietLog() {
  const warnings: string[] = [];
  const log = {
    child: () => log,
    info: () => {},
    warn: (_obj: unknown, msg: string) => warnings.push(msg),
  } as unknown as Logger;
  return { log, warnings };
}

const setup = (rows: Row[]) => {
  const a = recordingAmi();
  const l = quietLog();
  let reads = 0;
  const source = {
    callerPriorities: () => {
      reads++;
      return rows;
    },
  };
  const sync = createCallerPrioritySync({ ami: a.ami, source, log: l.log });
  return { ...a, ...l, sync, reads: () => reads };
};

t.test('a sync clears both families, then writes each VIP level and bound agent', async (t) => {
  const s = setup([
    { number: '13900000001', vip: 9, boundAgent: null },
    { number: '13900000002', vip: 0, boundAgent: '1003' },
    { number: '02188886666', vip: 3, boundAgent: '1004' },
    { number: '13900000003', vip: 0, boundAgent: null },
  ]);
  await s.sync.sync();
  t.same(
    s.calls.slice(0, 2).sort(),
    [`DBDelTree ${BOUND_FAMILY}`, `DBDelTree ${VIP_FAMILY}`],
    'cleared first',
  );
  t.same(s.calls.slice(2), [
    `DBPut ${VIP_FAMILY} 13900000001 9`,
    `DBPut ${BOUND_FAMILY} 13900000002 1003`,
    `DBPut ${VIP_FAMILY} 02188886666 3`,
    `DBPut ${BOUND_FAMILY} 02188886666 1004`,
  ]);
  t.same(s.warnings, []);
});

t.test('numbers and values the dialplan cannot use are skipped, the rest still written', async (t) => {
  const s = setup([
    { number: '12', vip: 5, boundAgent: null },
    { number: '139;0000', vip: 5, boundAgent: null },
    { number: '+8613900000001', vip: 5, boundAgent: null },
    { number: '1'.repeat(21), vip: 5, boundAgent: null },
    { number: '13900000001\r\nAction: Originate', vip: 5, boundAgent: null },
    { number: '13900000002', vip: 5, boundAgent: '1003\r\nAction: Originate' },
    { number: '13900000003', vip: 12, boundAgent: '1003,1' },
    { number: '13900000004', vip: 1.5, boundAgent: '' },
    { number: '13900000005', vip: 1, boundAgent: '1005' },
  ]);
  await s.sync.sync();
  t.same(s.calls.slice(2), [
    `DBPut ${VIP_FAMILY} 13900000002 5`,
    `DBPut ${VIP_FAMILY} 13900000005 1`,
    `DBPut ${BOUND_FAMILY} 13900000005 1005`,
  ]);
  t.same(s.warnings, [], 'one bad row does not fail the sync');
});

t.test(
  'a failed DBDelTree (family absent) is fine; a failed DBPut is logged and retried next time',
  async (t) => {
    const s = setup([{ number: '13900000001', vip: 2, boundAgent: null }]);
    s.fail('DBDelTree');
    await s.sync.sync();
    t.same(s.calls.at(-1), `DBPut ${VIP_FAMILY} 13900000001 2`);
    s.fail('DBPut');
    await t.resolves(s.sync.sync(), 'sync never rejects');
    t.equal(s.warnings.length, 1);
    s.fail(null);
    s.calls.length = 0;
    await s.sync.sync();
    t.equal(s.calls.length, 3, 'the next sync writes everything again');
  },
);

t.test('syncs run one after another, never interleaved', async (t) => {
  const s = setup([
    { number: '13900000001', vip: 1, boundAgent: '1003' },
    { number: '13900000002', vip: 2, boundAgent: null },
  ]);
  await Promise.all([s.sync.sync(), s.sync.sync()]);
  const one = s.calls.slice(0, 5);
  t.same(s.calls.slice(5), one, 'the second sync starts after the first ended');
  t.equal(s.calls.length, 10);
});

t.test('schedule: a burst of changes makes one sync after the delay', async (t) => {
  const s = setup([{ number: '13900000001', vip: 1, boundAgent: null }]);
  for (let i = 0; i < 5; i++) s.sync.schedule(30);
  t.equal(s.reads(), 0, 'nothing yet');
  await until('the scheduled sync', async () => s.reads() > 0, 3000);
  await new Promise((r) => setTimeout(r, 100));
  t.equal(s.reads(), 1, 'one read of the customers');
  t.equal(s.calls.filter((c) => c.startsWith('DBPut')).length, 1);
  s.sync.schedule(30);
  s.sync.stop();
  await new Promise((r) => setTimeout(r, 80));
  t.equal(s.reads(), 1, 'stop cancels a scheduled sync');
});
