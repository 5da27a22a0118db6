import t from 'tap';
import { isAppError } from '../../src/errors.js';
import { connectedAmi, FakeAmi } from '../support/fake-ami.js';

/** Active timers in this process (each pending action owns one while it waits). */
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

t.test('ten thousand actions leave no listeners, timers or pending entries behind', async (t) => {
  const fake = await FakeAmi.start();
  fake.record = false;
  // Never answered: every one of these times out.
  fake.handle('Hang', () => true);
  fake.handle('HangList', () => true);
  const ami = await connectedAmi(fake);
  t.teardown(async () => {
    await ami.stop();
    await fake.close();
  });
  const before = ami.stats();
  const timersBefore = timers();

  const outcomes = { ok: 0, error: 0, timeout: 0, validation: 0, other: 0 };
  const one = async (i: number) => {
    try {
      switch (i % 10) {
        case 0:
          await ami.list('PJSIPShowEndpoints');
          break;
        case 1:
          await ami.action('NoSuchAction');
          break;
        case 2:
          await ami.command('core show version');
          break;
        case 3:
          if (i % 100 === 3) await ami.action('Hang', {}, { timeoutMs: 5 });
          else if (i % 100 === 13) await ami.list('HangList', {}, { timeoutMs: 5 });
          else await ami.action('Setvar', { Value: 'a\nb' });
          break;
        default:
          await ami.action('Ping');
      }
      outcomes.ok++;
    } catch (err) {
      if (isAppError(err, 'apply_failed')) outcomes.error++;
      else if (isAppError(err, 'timeout')) outcomes.timeout++;
      else if (isAppError(err, 'validation')) outcomes.validation++;
      else outcomes.other++;
    }
  };
  for (let batch = 0; batch < 10_000; batch += 250) {
    await Promise.all(Array.from({ length: 250 }, (_, k) => one(batch + k)));
  }

  t.same(outcomes, { ok: 8000, error: 1000, timeout: 200, validation: 800, other: 0 });
  const after = ami.stats();
  t.equal(after.pending, 0, 'no pending entries');
  t.equal(after.socketListeners, before.socketListeners, 'socket listener count unchanged');
  t.equal(after.eventListeners, before.eventListeners);
  t.equal(after.stateListeners, before.stateListeners);
  t.equal(after.expiredLists, 100, 'timed-out lists remembered (bounded), their items never came');
  t.equal(timers(), timersBefore, 'every action timer was cleared');
  t.equal(after.sessions, 1, 'one session throughout');
});
