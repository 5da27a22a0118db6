import t from 'tap';
import { readChannels, readQueueStatus } from '../../src/asterisk/queue-events.js';
import { LiveModel } from '../../src/live/model.js';
import { connectedAmi, FakeAmi, frame } from '../support/fake-ami.js';
import { queueParams } from '../support/live-frames.js';

/**
 * QueueStatus and CoreShowChannels answers shaped as Asterisk 22 writes them
 * (QueueMember uses Name/Location in this action, unlike the QueueMember*
 * events), read through the real AMI client into the live model.
 */
t.test('a resync reads queues, members, waiting callers and channels from the status actions', async (t) => {
  const fake = await FakeAmi.start();
  t.teardown(() => fake.close());
  fake.handleList('QueueStatus', 'Queue status will follow', 'QueueStatusComplete', (id) => [
    queueParams(id, {
      queue: 'q1',
      strategy: 'rrmemory',
      calls: 1,
      holdtime: 12,
      talkTime: 80,
      completed: 3,
      abandoned: 1,
      serviceLevel: 30,
      perf: ['66.7', '50.0'],
    }),
    frame(
      ['Event', 'QueueMember'],
      ['Queue', 'q1'],
      ['Name', '1001'],
      ['Location', 'PJSIP/1001'],
      ['StateInterface', 'PJSIP/1001'],
      ['Membership', 'dynamic'],
      ['Penalty', 2],
      ['CallsTaken', 3],
      ['LastCall', 1763890000],
      ['LastPause', 0],
      ['LoginTime', 1763880000],
      ['InCall', 0],
      ['Status', 1],
      ['Paused', 1],
      ['PausedReason', '用餐'],
      ['Wrapuptime', 0],
      id,
    ),
    frame(
      ['Event', 'QueueEntry'],
      ['Queue', 'q1'],
      ['Position', 1],
      ['Channel', 'PJSIP/trunk-1-0000000a'],
      ['Uniqueid', '1763890100.20'],
      ['CallerIDNum', '13800138000'],
      ['CallerIDName', '王五'],
      ['ConnectedLineNum', '<unknown>'],
      ['ConnectedLineName', '<unknown>'],
      ['Wait', 42],
      ['Priority', 5],
      id,
    ),
  ]);
  fake.handleList('CoreShowChannels', 'Channels will follow', 'CoreShowChannelsComplete', (id) => [
    frame(
      ['Event', 'CoreShowChannel'],
      id,
      ['Channel', 'PJSIP/trunk-1-0000000a'],
      ['ChannelState', 6],
      ['ChannelStateDesc', 'Up'],
      ['CallerIDNum', '13800138000'],
      ['CallerIDName', '王五'],
      ['ConnectedLineNum', '<unknown>'],
      ['Context', 'hotline-queue-1'],
      ['Exten', 's'],
      ['Priority', 4],
      ['Uniqueid', '1763890100.20'],
      ['Linkedid', '1763890100.20'],
      ['Application', 'Queue'],
      ['ApplicationData', 'q1,,,,120'],
      ['Duration', '00:00:45'],
      ['BridgeId', ''],
    ),
  ]);
  const ami = await connectedAmi(fake);
  t.teardown(() => ami.stop());

  const report = await readQueueStatus(ami);
  t.same(report.queues, [{ queue: 'q1', serviceLevelSec: 30, strategy: 'rrmemory' }]);
  t.same(report.members, [
    {
      queue: 'q1',
      name: '1001',
      interface: 'PJSIP/1001',
      paused: true,
      pausedReason: '用餐',
      status: 1,
      inCall: false,
      penalty: 2,
      callsTaken: 3,
      wrapUpSec: 0,
    },
  ]);
  t.equal(report.callers[0]!.waitSec, 42);
  const channels = await readChannels(ami);
  t.equal(channels.length, 1);
  t.ok(Math.abs(Date.now() - 45_000 - channels[0]!.at) < 2000, 'start time from Duration');

  const now = Date.now();
  const model = new LiveModel(
    { queue: () => null, agentName: () => null, agents: () => [], queues: () => [], trunkName: () => null },
    () => ({ slTargetPct: 80, longestWaitLimitSec: 60 }),
    now,
  );
  model.resync(report, now);
  model.replaceChannels(channels);
  const snap = model.snapshot(now);
  t.equal(snap.queues.q1!.serviceLevelSec, 30, "Asterisk's servicelevel when the directory has none");
  t.equal(snap.queues.q1!.waitingCount, 1);
  t.equal(snap.queues.q1!.longestWaitSec, 42);
  t.equal(snap.queues.q1!.waiting[0]!.callerIdName, '王五');
  t.equal(snap.agents['1001']!.state, 'paused');
  t.equal(snap.agents['1001']!.pausedReason, '用餐');
  t.equal(snap.calls['1763890100.20']!.answeredAt !== null, true);
});
