import { execFileSync } from 'node:child_process';
import t from 'tap';
import { type Api, until } from '../../dev/api-client.js';
import type { Stack } from '../../dev/stack.js';
import { failedRegistration } from '../support/sip-register.js';
import { adminStack } from '../support/stack.js';

/*
 * The brute-force guard with the real Asterisk: failed SIP registrations from
 * one loopback address (a wrong password for a real seat) get it banned in
 * hotlined and in an nftables set whose rule drops its packets; an
 * allow-listed address failing as often is never banned.
 */
const ATTACKER = '127.77.0.5';
const NEIGHBOUR = '127.77.0.6';
const table = `hotline_t${process.pid}`;
const nft = (...args: string[]) => execFileSync('nft', args, { encoding: 'utf8' });

let stack: Stack;
let api: Api;
let seat: { extension: string };

t.before(async () => {
  // the appliance's table, reduced to what the guard uses (appliance/nftables.conf)
  nft('add', 'table', 'inet', table);
  nft('add', 'set', 'inet', table, 'banned4', '{ type ipv4_addr; flags timeout; }');
  nft('add', 'set', 'inet', table, 'banned6', '{ type ipv6_addr; flags timeout; }');
  nft('add', 'chain', 'inet', table, 'input', '{ type filter hook input priority -5; policy accept; }');
  nft('add', 'rule', 'inet', table, 'input', 'ip', 'saddr', '@banned4', 'counter', 'drop');
  ({ stack, api } = await adminStack({ settings: { guard: { nft: { table } } } }));
  seat = await api.post('/api/v1/seats', { extension: '3001', name: '坐席 3001' });
});

t.teardown(async () => {
  await stack?.stop();
  try {
    nft('delete', 'table', 'inet', table);
  } catch {
    // not created
  }
});

const attempt = (from: string) =>
  failedRegistration({
    from,
    to: { host: '127.0.0.1', port: stack.box.ports.sip },
    user: seat.extension,
    password: 'wrong-password',
  });
const bannedAddresses = async () => (await api.get('/api/v1/guard/bans')).items.map((b: any) => b.address);
const nftSet = () => nft('list', 'set', 'inet', table, 'banned4');
const dropped = () =>
  Number(/counter packets (\d+)/.exec(nft('list', 'chain', 'inet', table, 'input'))?.[1] ?? 0);

t.test('the settings refuse a malformed allow-list, naming the field', async (t) => {
  for (const bad of ['10.0.0.0/33', '10.0.0.0', 'lan; flush ruleset', '::1/129', '客服一组/8']) {
    const r = await api.req('PUT', '/api/v1/guard/settings', {
      threshold: 30,
      windowMinutes: 5,
      banMinutes: 60,
      allowList: [bad],
    });
    t.equal(r.status, 400, bad);
    t.match(r.body.error.field, /^allowList/, bad);
  }
});

t.test('an allow-listed address failing 40 times is never banned', async (t) => {
  const r = await api.req('PUT', '/api/v1/guard/settings', {
    threshold: 30,
    windowMinutes: 5,
    banMinutes: 60,
    allowList: [`${NEIGHBOUR}/32`, '192.168.0.0/16'],
  });
  t.equal(r.status, 200);
  for (let i = 0; i < 40; i++) {
    // every attempt is answered and refused: Asterisk saw it and reported it
    t.equal(await attempt(NEIGHBOUR), 401, `attempt ${i + 1} refused`);
  }
  t.notOk((await bannedAddresses()).includes(NEIGHBOUR));
  t.notMatch(nftSet(), NEIGHBOUR);
});

t.test('30 failed registrations from one address ban it in hotlined and in nftables', async (t) => {
  const answers: (number | null)[] = [];
  for (let i = 0; i < 30; i++) answers.push(await attempt(ATTACKER));
  t.same(new Set(answers), new Set([401]), 'all 30 were answered and refused');
  await until('banned', async () => (await bannedAddresses()).includes(ATTACKER), 15_000);
  const ban = (await api.get('/api/v1/guard/bans')).items.find((b: any) => b.address === ATTACKER);
  t.equal(ban.firewall, 'ok', 'nft took it');
  t.equal(ban.failures, 30);
  t.match(ban.lastEvent, /ChallengeResponseFailed/);
  t.match(nftSet(), ATTACKER);

  const before = dropped();
  t.equal(await attempt(ATTACKER), null, 'a banned source gets no answer');
  t.ok(dropped() > before, "the set's drop rule counted its packets");
  t.equal(await attempt(NEIGHBOUR), 401, 'the allow-listed neighbour is still answered');

  const audit = await api.get('/api/v1/audit?entity=guard_ban');
  t.ok(
    audit.items.some((a: any) => a.action === 'ban'),
    'the ban is audited',
  );
});

t.test('an admin lifts the ban: the source is answered again', async (t) => {
  const r = await api.req('DELETE', `/api/v1/guard/bans/${ATTACKER}`);
  t.equal(r.status, 204);
  t.notOk((await bannedAddresses()).includes(ATTACKER));
  t.notMatch(nftSet(), ATTACKER);
  t.equal(await attempt(ATTACKER), 401);
  t.equal((await api.req('DELETE', `/api/v1/guard/bans/${ATTACKER}`)).status, 404, 'not banned any more');
  t.equal((await api.req('DELETE', '/api/v1/guard/bans/not-an-address')).status, 400);
  const audit = await api.get('/api/v1/audit?entity=guard_ban');
  t.ok(audit.items.some((a: any) => a.action === 'unban'));
});
