import t from 'tap';
import { hashPassword, hashPasswordSync, randomPassword, verifyPassword } from '../../src/users/password.js';

t.test('a hash records its scrypt parameters and verifies only the right password', async (t) => {
  const h = await hashPassword('correct horse battery');
  t.match(h, /^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  t.equal(await verifyPassword('correct horse battery', h), true);
  t.equal(await verifyPassword('correct horse batterY', h), false);
  t.equal(await verifyPassword('', h), false);
});

t.test('the same password hashes differently each time (random salt)', async (t) => {
  const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
  t.not(a, b);
  t.ok(await verifyPassword('same password', b));
});

t.test('the synchronous first-boot hash is verified by the async check', async (t) => {
  t.ok(await verifyPassword('first boot pw', hashPasswordSync('first boot pw')));
});

t.test('unreadable or hostile stored hashes never verify and never throw', async (t) => {
  for (const stored of [
    '',
    'plain',
    'scrypt$1$8$1$c2FsdA$aGFzaA',
    'scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    'bcrypt$x',
  ]) {
    t.equal(await verifyPassword('anything', stored), false, JSON.stringify(stored.slice(0, 30)));
  }
});

t.test('generated passwords are long and random', async (t) => {
  const a = randomPassword();
  t.ok(a.length >= 20);
  t.match(a, /^[A-Za-z0-9_-]+$/);
  t.not(a, randomPassword());
});
