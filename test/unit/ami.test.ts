import t from 'tap';
import { type AmiOptions, createAmi, fieldValues } from '../../src/asterisk/ami.js';
import type { AmiMessage } from '../../src/asterisk/ami-frame.js';
import type { ConnectionState } from '../../src/bus.js';
import { isAppError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { type FakeAction, FakeAmi, type FakeClient, frame, waitFor } from '../support/fake-ami.js';

/** All setup needs from a tap test. */
type Test = { teardown(fn: () => unknown): void };

async function setup(t: Test, opts: Partial<AmiOptions> = {}) {
  const fake = await FakeAmi.start();
  const ami = createAmi({
    host: '127.0.0.1',
    port: fake.port,
    username: 'hotline',
    secret: 's3cret',
    log: createLogger('silent'),
    backoff: { initialMs: 10, maxMs: 40 },
    pingIntervalMs: 60_000,
    ...opts,
  });
  const states: ConnectionState[] = [];
  ami.onState((s) => states.push(s));
  const events: AmiMessage[] = [];
  ami.onEvent((e) => events.push(e));
  t.teardown(async () => {
    await ami.stop();
    await fake.close();
  });
  const connect = async () => {
    ami.start();
    await waitFor(() => ami.state === 'connected', 'connected');
  };
  return { fake, ami, states, events, connect };
}

/** Resolves with the error an operation rejected with; fails if it resolved. */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

/** A handler that swallows the action and hands it to the test. */
function capture(into: { action: FakeAction; client: FakeClient }[]) {
  return (action: FakeAction, client: FakeClient) => {
    into.push({ action, client });
    return true;
  };
}

t.test('the adapter reports connected only after Login with Events on succeeds', async (t) => {
  const { fake, ami, states, connect } = await setup(t);
  let loginsWhenConnected = -1;
  ami.onState((s) => {
    if (s === 'connected') loginsWhenConnected = fake.logins;
  });
  t.equal(ami.state, 'disconnected');
  await connect();
  t.same(states, ['connecting', 'connected']);
  t.equal(loginsWhenConnected, 1);
  const login = fake.received[0];
  t.match(login, { name: 'Login', fields: { username: 'hotline', secret: 's3cret', events: 'on' } });
  t.match(login?.id, /^hl-\d+$/);
});

t.test('a listener reacting to FullyBooted can use the connection at once', async (t) => {
  const { ami, connect } = await setup(t);
  let pong: Promise<AmiMessage> | undefined;
  ami.onEvent((e) => {
    if (e['Event'] === 'FullyBooted') pong = ami.action('Ping');
  });
  await connect();
  await waitFor(() => pong !== undefined, 'FullyBooted');
  t.equal((await pong)?.['Ping'], 'Pong');
});

t.test('an action resolves with the response in Asterisk key case, each with its own ActionID', async (t) => {
  const { fake, ami, connect } = await setup(t);
  await connect();
  const answers = await Promise.all(Array.from({ length: 50 }, () => ami.action('Ping')));
  t.equal(answers[0]?.['Response'], 'Success');
  t.equal(answers[0]?.['Ping'], 'Pong');
  const sent = fake.received.filter((a) => a.name === 'Ping').map((a) => a.id);
  t.equal(new Set(sent).size, 50, 'fifty distinct ActionIDs on the wire');
  t.same(
    answers.map((a) => a['ActionID']),
    sent,
    'each answer is the one for its own request',
  );
});

t.test(
  'an event with a repeated key arrives whole through the socket and the session carries on',
  async (t) => {
    const { fake, ami, events, connect } = await setup(t);
    await connect();
    // The frame that crashed asterisk-manager 0.2.0 inside its socket 'data' handler.
    fake.broadcast(
      frame(
        ['Event', 'UserEvent'],
        ['UserEvent', 'HotlineA'],
        ['UserEvent', 'HotlineB'],
        ['EndpointName', '1001'],
      ),
    );
    await waitFor(() => events.some((e) => e['Event'] === 'UserEvent'), 'the UserEvent');
    const ev = events.find((e) => e['Event'] === 'UserEvent');
    if (!ev) throw new Error('no UserEvent');
    t.equal(ev['UserEvent'], 'HotlineA', 'the first value is the field');
    t.same(fieldValues(ev, 'UserEvent'), ['HotlineA', 'HotlineB'], 'both values kept, in order');
    t.equal(ev['EndpointName'], '1001', 'keys keep the case Asterisk sends');
    t.equal(ev['endpointname'], undefined);
    t.equal((await ami.action('Ping'))['Ping'], 'Pong', 'the connection carries on');
    t.equal(ami.state, 'connected');
  },
);

t.test('an error response rejects with an AppError carrying its Message', async (t) => {
  const { fake, ami, connect } = await setup(t);
  fake.reply('Hangup', 'Error', ['Message', 'No such channel']);
  await connect();
  const unknown = await rejection(ami.action('Frobnicate'));
  t.ok(isAppError(unknown, 'apply_failed'));
  t.match((unknown as Error).message, /^Invalid\/unknown command: Frobnicate/);
  t.match((unknown as { details: unknown }).details, {
    action: 'Frobnicate',
    response: { Response: 'Error' },
  });
  const gone = await rejection(ami.action('Hangup', { Channel: 'PJSIP/1001-00000001' }));
  t.ok(isAppError(gone, 'not_found'), 'a channel that already hung up is an expected not_found');
});

t.test('a misconfigured address is refused when the adapter is built, not in a retry timer', async (t) => {
  const log = createLogger('silent');
  for (const [host, port] of [
    ['127.0.0.1', 0],
    ['127.0.0.1', 70_000],
    ['', 5038],
  ] as const) {
    try {
      createAmi({ host, port, username: 'u', secret: 's', log });
      t.fail(`${host}:${port} accepted`);
    } catch (e) {
      t.ok(isAppError(e, 'validation'), `${host}:${port}`);
    }
  }
});

t.test('an action while not connected rejects at once with asterisk_unavailable', async (t) => {
  const { ami } = await setup(t);
  for (const p of [ami.action('Ping'), ami.list('PJSIPShowEndpoints'), ami.command('core show version')]) {
    t.ok(isAppError(await rejection(p), 'asterisk_unavailable'));
  }
});

t.test('invalid fields reject with validation and nothing reaches Asterisk', async (t) => {
  const { fake, ami, connect } = await setup(t);
  await connect();
  const before = fake.received.length;
  const err = await rejection(ami.action('Setvar', { Variable: 'X', Value: 'a\r\nAction: Hangup' }));
  t.ok(isAppError(err, 'validation'));
  await ami.action('Ping');
  t.equal(fake.received.length, before + 1, 'only the Ping was written');
  t.equal(ami.stats().pending, 0);
});

t.test('an unanswered action times out, leaves nothing pending and ignores its late answer', async (t) => {
  const { fake, ami, events, connect } = await setup(t);
  const held: { action: FakeAction; client: FakeClient }[] = [];
  fake.handle('Slow', capture(held));
  await connect();
  const started = Date.now();
  const err = await rejection(ami.action('Slow', {}, { timeoutMs: 50 }));
  t.ok(isAppError(err, 'timeout'));
  t.match((err as Error).message, 'ami: action Slow timed out after 50 ms');
  t.ok(Date.now() - started >= 45);
  t.equal(ami.stats().pending, 0);
  const late = held[0];
  if (!late) throw new Error('Slow never arrived');
  late.client.write(frame(['Response', 'Success'], ['ActionID', late.action.id]));
  t.equal((await ami.action('Ping'))['Ping'], 'Pong', 'the connection carries on');
  t.equal(events.filter((e) => e['ActionID'] === late.action.id).length, 0);
});

t.test('items of a list that timed out never surface as live events', async (t) => {
  const { fake, ami, events, connect } = await setup(t);
  const held: { action: FakeAction; client: FakeClient }[] = [];
  fake.handle('QueueStatus', capture(held));
  await connect();
  t.ok(isAppError(await rejection(ami.list('QueueStatus', {}, { timeoutMs: 30 })), 'timeout'));
  t.equal(ami.stats().expiredLists, 1);
  const late = held[0];
  if (!late) throw new Error('QueueStatus never arrived');
  const id: [string, string] = ['ActionID', late.action.id];
  late.client.write(frame(['Response', 'Success'], id, ['EventList', 'start']));
  late.client.write(frame(['Event', 'QueueParams'], id, ['Queue', 'sales']));
  late.client.write(frame(['Event', 'QueueStatusComplete'], id, ['EventList', 'Complete'], ['ListItems', 1]));
  late.client.write(frame(['Event', 'QueueMemberStatus'], ['Queue', 'sales'], ['Status', '1']));
  await waitFor(() => events.some((e) => e['Event'] === 'QueueMemberStatus'), 'the live event');
  t.same(
    events.map((e) => e['Event']),
    ['FullyBooted', 'QueueMemberStatus'],
  );
  t.equal(ami.stats().expiredLists, 0, 'forgotten once its Complete arrived');
});

t.test('an action still pending when the socket closes rejects with connection_lost', async (t) => {
  const { fake, ami, connect } = await setup(t);
  const held: { action: FakeAction; client: FakeClient }[] = [];
  fake.handle('Hang', capture(held));
  fake.handle('HangList', capture(held));
  await connect();
  const single = ami.action('Hang');
  const list = ami.list('HangList');
  await waitFor(() => held.length === 2, 'both requests at the fake');
  fake.dropClients();
  t.ok(isAppError(await rejection(single), 'connection_lost'));
  t.ok(isAppError(await rejection(list), 'connection_lost'));
  t.equal(ami.stats().pending, 0);
});

t.test('list collects EventList items until Complete and keeps them out of onEvent', async (t) => {
  const { ami, events, connect } = await setup(t);
  await connect();
  const endpoints = await ami.list('PJSIPShowEndpoints');
  t.same(
    endpoints.map((e) => [e['Event'], e['ObjectName'], e['DeviceState'], e['OutboundAuths']]),
    [
      ['EndpointList', '1001', 'Not in use', ''],
      ['EndpointList', '1002', 'Unavailable', ''],
    ],
  );
  t.same(
    events.map((e) => e['Event']),
    ['FullyBooted'],
  );
});

t.test('unrelated events interleaved with a list are delivered, not collected', async (t) => {
  const { fake, ami, events, connect } = await setup(t);
  fake.handle('PJSIPShowContacts', (a, c) => {
    const id: [string, string] = ['ActionID', a.id];
    c.write(
      frame(
        ['Response', 'Success'],
        id,
        ['EventList', 'start'],
        ['Message', 'A listing of Contacts follows, presence and device state details are not yet reported'],
      ) +
        frame(
          ['Event', 'ContactList'],
          id,
          ['ObjectType', 'contact'],
          ['ObjectName', '1001@@a1b2c3'],
          ['Uri', 'sip:1001@192.168.1.50:5060'],
          ['Status', 'Reachable'],
          ['EndpointName', '1001'],
        ) +
        frame(
          ['Event', 'ContactStatus'],
          ['AOR', '1002'],
          ['ContactStatus', 'Unreachable'],
          ['EndpointName', '1002'],
        ) +
        frame(['Event', 'ContactListComplete'], id, ['EventList', 'Complete'], ['ListItems', 1]),
    );
    return true;
  });
  await connect();
  const contacts = await ami.list('PJSIPShowContacts');
  t.same(
    contacts.map((c) => c['EndpointName']),
    ['1001'],
  );
  t.same(
    events.map((e) => e['Event']),
    ['FullyBooted', 'ContactStatus'],
  );
});

t.test('list resolves [] when Asterisk answers that nothing was found', async (t) => {
  const { fake, ami, connect } = await setup(t);
  fake.endpoints = [];
  await connect();
  t.same(await ami.list('PJSIPShowEndpoints'), []);
});

t.test('list resolves [] at once when Asterisk acks without an EventList (nothing to list)', async (t) => {
  const { fake, ami, connect } = await setup(t);
  // app_voicemail with no mailboxes answers a plain Success and sends no list
  fake.reply('VoicemailUsersList', 'Success', ['Message', 'There are no voicemail users currently defined.']);
  await connect();
  const started = Date.now();
  t.same(await ami.list('VoicemailUsersList', {}, { timeoutMs: 2000 }), []);
  t.ok(Date.now() - started < 1000, 'without waiting for a timeout');
  t.equal(ami.stats().pending, 0);
});

t.test('list rejects on any other error answer', async (t) => {
  const { fake, ami, connect } = await setup(t);
  fake.reply('CoreShowChannels', 'Error', ['Message', 'Permission denied']);
  await connect();
  const err = await rejection(ami.list('CoreShowChannels'));
  t.ok(isAppError(err, 'apply_failed'));
  t.equal((err as Error).message, 'Permission denied');
});

t.test('command returns the Output lines joined, and rejects with the output on failure', async (t) => {
  const { ami, connect } = await setup(t);
  await connect();
  t.match(await ami.command('core show version'), /^Asterisk 22\.5\.2 built by/);
  const contacts = await ami.command('pjsip show contacts');
  t.equal(contacts.split('\n').length, 5);
  t.match(contacts, /^\n {2}Contact: {2}<Aor/, 'empty and indented lines survive');
  const err = await rejection(ami.command('frobnicate now'));
  t.ok(isAppError(err, 'apply_failed'));
  t.match((err as Error).message, "No such command 'frobnicate now'");
});

t.test('an unsubscribed listener gets nothing and a throwing listener does not starve others', async (t) => {
  const { fake, ami, events, connect } = await setup(t);
  const dropped: AmiMessage[] = [];
  const off = ami.onEvent((e) => dropped.push(e));
  ami.onEvent(() => {
    throw new Error('a domain bug');
  });
  const afterTheBug: AmiMessage[] = [];
  ami.onEvent((e) => afterTheBug.push(e));
  await connect();
  off();
  fake.broadcast(frame(['Event', 'UserEvent'], ['UserEvent', 'a'], ['UserEvent', 'b']));
  await waitFor(() => events.length === 2, 'the UserEvent');
  t.equal(afterTheBug.length, 2, 'a listener registered after the failing one still gets every event');
  t.equal(dropped.length, 1, 'only FullyBooted, before unsubscribing');
  const ev = events[1];
  if (!ev) throw new Error('no event');
  t.equal(ev['UserEvent'], 'a');
  t.same(fieldValues(ev, 'UserEvent'), ['a', 'b']);
  t.equal(ami.state, 'connected');
});

t.test('a rejected login is retried with backoff and never reports connected', async (t) => {
  const { fake, ami, states } = await setup(t);
  fake.secret = 'changed-on-the-box';
  ami.start();
  await waitFor(() => fake.failedLogins >= 3, 'three failed logins');
  t.notOk(states.includes('connected'));
  t.ok(states.filter((s) => s === 'disconnected').length >= 2);
  fake.secret = 's3cret';
  await waitFor(() => ami.state === 'connected', 'connected with the right secret');
});

t.test('with nothing listening at boot the adapter keeps retrying until Asterisk appears', async (t) => {
  const { fake, ami } = await setup(t);
  await fake.refuse();
  ami.start();
  await new Promise((r) => setTimeout(r, 150));
  t.not(ami.state, 'connected');
  t.equal(fake.connections, 0);
  await fake.accept();
  await waitFor(() => ami.state === 'connected', 'connected once Asterisk listens');
  t.equal(fake.connections, 1);
});

t.test('a peer that goes silent is caught by Ping and the session is replaced', async (t) => {
  const { fake, ami, states, connect } = await setup(t, { pingIntervalMs: 30 });
  await connect();
  fake.goSilent();
  await waitFor(() => fake.logins === 2 && ami.state === 'connected', 'a fresh session', 2000);
  t.same(states, ['connecting', 'connected', 'disconnected', 'connecting', 'connected']);
  t.equal((await ami.action('Ping'))['Ping'], 'Pong');
});

t.test('when Asterisk closes the connection the adapter reconnects and reports each step', async (t) => {
  const { fake, ami, states, connect } = await setup(t);
  await connect();
  fake.dropClients();
  await waitFor(() => fake.logins === 2 && ami.state === 'connected', 'reconnected');
  t.same(states, ['connecting', 'connected', 'disconnected', 'connecting', 'connected']);
  t.ok(ami.stats().since <= Date.now());
  t.equal(ami.stats().sessions, 2);
});

t.test('stop() logs off, rejects what is pending and never reconnects', async (t) => {
  const { fake, ami, states, connect } = await setup(t);
  fake.handle('Hang', () => true);
  await connect();
  const pending = rejection(ami.action('Hang'));
  await waitFor(() => fake.received.some((a) => a.name === 'Hang'), 'Hang at the fake');
  await ami.stop();
  t.ok(isAppError(await pending, 'connection_lost'));
  t.ok(
    fake.received.some((a) => a.name === 'Logoff'),
    'Logoff sent',
  );
  t.same(states.slice(-2), ['closing', 'disconnected']);
  await new Promise((r) => setTimeout(r, 120));
  t.equal(fake.connections, 1, 'no reconnect');
  t.ok(isAppError(await rejection(ami.action('Ping')), 'asterisk_unavailable'));
  t.equal(ami.stats().pending, 0);
});

t.test('stop() while waiting to retry cancels the retry', async (t) => {
  const { fake, ami } = await setup(t, { backoff: { initialMs: 50, maxMs: 50 } });
  await fake.refuse();
  ami.start();
  await waitFor(() => ami.state === 'disconnected', 'first attempt refused');
  await ami.stop();
  await fake.accept();
  await new Promise((r) => setTimeout(r, 120));
  t.equal(fake.connections, 0);
  t.equal(ami.state, 'disconnected');
});

t.test('stop() against a dead peer gives up on the goodbye and still completes', async (t) => {
  const { fake, ami, connect } = await setup(t);
  await connect();
  fake.goSilent();
  const started = Date.now();
  await ami.stop();
  const took = Date.now() - started;
  t.ok(took >= 900 && took < 2000, `forced close after the grace period (${took} ms)`);
  t.equal(ami.state, 'disconnected');
});
