import t from 'tap';
import {
  CreateTokenSchema,
  CreateUserSchema,
  DisplayName,
  Password,
  UpdateUserSchema,
  Username,
} from '../../src/users/schema.js';

/** A literal `${x}`: hostile input for anything that later interpolates templates. */
const TEMPLATE = ['$', '{x}'].join('');

/** Test names must stay on one TAP line: escape everything outside printable ASCII. */
const label = (s: string) =>
  s.slice(0, 40).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const fieldOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  r.error?.issues[0]?.path.join('.');

t.test('usernames are 2-32 characters of lowercase ASCII, digits and _.-', async (t) => {
  for (const ok of ['ab', 'agent_01', 'li.wei', 'ops-team', 'x'.repeat(32)])
    t.ok(Username.safeParse(ok).success, ok);
  const bad = [
    'a',
    'x'.repeat(33),
    'Admin',
    'a b',
    'a\nb',
    'a;b',
    'a[0]',
    TEMPLATE,
    "o'neil",
    '"q"',
    '客服一组',
    'é1',
    '',
  ];
  for (const b of bad) t.notOk(Username.safeParse(b).success, label(b));
});

t.test('display names take Chinese and punctuation but no control characters', async (t) => {
  for (const ok of ['客服一组', '班长 王芳', `a;b [c] ${TEMPLATE} "q" 's'`, '', 'x'.repeat(64)]) {
    t.ok(DisplayName.safeParse(ok).success, ok);
  }
  const bad = [
    'line\nbreak',
    'cr\r',
    'tab\t',
    'nul\u0000',
    'del\u007f',
    'c1\u0085',
    'ls\u2028',
    'rlo\u202e',
    'x'.repeat(65),
  ];
  for (const b of bad) t.notOk(DisplayName.safeParse(b).success, label(b));
  t.equal(DisplayName.parse('  padded  '), 'padded', 'surrounding spaces are trimmed');
});

t.test('passwords are 10 to 128 characters', async (t) => {
  t.notOk(Password.safeParse('123456789').success);
  t.ok(Password.safeParse('1234567890').success);
  t.ok(Password.safeParse('密码'.repeat(5)).success);
  t.notOk(Password.safeParse('x'.repeat(129)).success);
});

t.test('a user create names the offending field and refuses unknown keys', async (t) => {
  const base = { username: 'agent1', role: 'agent', password: 'long enough pw' };
  t.same(CreateUserSchema.parse(base), { ...base, displayName: '' });
  t.equal(fieldOf(CreateUserSchema.safeParse({ ...base, role: 'root' })), 'role');
  t.equal(fieldOf(CreateUserSchema.safeParse({ ...base, username: 'A' })), 'username');
  t.equal(fieldOf(CreateUserSchema.safeParse({ ...base, displayName: 'a\nb' })), 'displayName');
  t.notOk(CreateUserSchema.safeParse({ ...base, password_hash: 'x' }).success);
});

t.test('a user patch accepts any subset and types disabled strictly', async (t) => {
  t.same(UpdateUserSchema.parse({}), {});
  t.same(UpdateUserSchema.parse({ disabled: true }), { disabled: true });
  t.equal(fieldOf(UpdateUserSchema.safeParse({ disabled: 'yes' })), 'disabled');
  t.notOk(UpdateUserSchema.safeParse({ username: 'renamed' }).success, 'usernames are immutable');
});

t.test('tokens default to api scope and bound their lifetime', async (t) => {
  t.same(CreateTokenSchema.parse({ name: 'crm' }), { name: 'crm', scope: 'api' });
  t.equal(fieldOf(CreateTokenSchema.safeParse({ name: 'crm', scope: 'root' })), 'scope');
  t.equal(fieldOf(CreateTokenSchema.safeParse({ name: 'crm', expiresInDays: 0 })), 'expiresInDays');
  t.equal(fieldOf(CreateTokenSchema.safeParse({ name: 'crm', expiresInDays: 1.5 })), 'expiresInDays');
  t.equal(fieldOf(CreateTokenSchema.safeParse({ name: '' })), 'name');
  t.equal(fieldOf(CreateTokenSchema.safeParse({ name: 'a\u0007' })), 'name');
});
