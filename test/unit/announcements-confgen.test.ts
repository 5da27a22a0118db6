import t from 'tap';
import { announcementsDialplan } from '../../src/announcements/confgen.js';
import type { Announcement } from '../../src/announcements/schema.js';
import type { Destination } from '../../src/destinations/schema.js';
import { golden } from '../support/golden.js';

const PROMPTS = '/var/lib/asterisk/sounds/hotline';
const ann = (id: number, promptId: number, then: Destination): Announcement => ({
  id,
  name: `公告 ${id}, with [brackets]; and ${'${EXTEN}'}`,
  promptId,
  then,
  createdAt: 0,
  updatedAt: 0,
});

const demo = [
  ann(3, 7, { type: 'seat', extension: '1001' }),
  ann(1, 2, { type: 'hangup' }),
  ann(2, 2, { type: 'voicemail', extension: '1002' }),
  ann(4, 9, { type: 'announcement', announcementId: 1 }),
  ann(5, 9, {
    type: 'schedule',
    scheduleId: 2,
    open: { type: 'seat', extension: '1001' },
    closed: { type: 'announcement', announcementId: 1 },
  }),
];

t.test(
  'extensions_announcements.conf matches its golden file (sorted by id, names never written)',
  async (t) => {
    const { expected, actual } = golden(
      'announcements/extensions_announcements.conf',
      announcementsDialplan(demo, PROMPTS),
    );
    t.equal(actual, expected);
    t.notMatch(actual, /公告|brackets/);
    t.match(
      actual,
      /^\[hotline-announcement-1\]\nexten => s,1,Answer\(\)\n same => n,Wait\(0\.5\)\n same => n,Playback\(\/var\/lib\/asterisk\/sounds\/hotline\/2\)\n same => n,Hangup\(\)/m,
    );
  },
);

t.test('no announcements: a banner only', async (t) => {
  t.notMatch(announcementsDialplan([], PROMPTS), /^\[/m);
});

t.test('the generator refuses values that would break out of dialplan', async (t) => {
  t.throws(() => announcementsDialplan(demo, '/var/lib/x,1,System(id)'), /unsafe value/);
  t.throws(() => announcementsDialplan(demo, 'relative/dir'), /unsafe value/);
  t.throws(
    () => announcementsDialplan([ann(1, 2, { type: 'seat', extension: '1001)\n[x' })], PROMPTS),
    /unsafe value/,
  );
  t.throws(() => announcementsDialplan([ann(1, -1, { type: 'hangup' })], PROMPTS), /unsafe value/);
});
