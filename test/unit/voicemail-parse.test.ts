import t from 'tap';
import { parseCallerId, parseMessageTxt } from '../../src/voicemail/parse.js';

/** As app_voicemail (Asterisk 22, file storage) writes it. */
const SAMPLE = `;
; Message Information file
;
[message]
origmailbox=1001
context=from-seats
macrocontext=
exten=1001
rdnis=unknown
priority=2
callerchan=PJSIP/1002-00000003
callerid="Li Na" <1002>
origdate=Tue Jun 11 08:15:02 AM UTC 2024
origtime=1718093702
category=
msg_id=1718093702-00000001
flag=
duration=7
`;

t.test('a message envelope gives caller, time and duration', async (t) => {
  t.same(parseMessageTxt(SAMPLE), {
    msgId: '1718093702-00000001',
    callerName: 'Li Na',
    callerNumber: '1002',
    receivedAt: 1718093702000,
    durationSeconds: 7,
    origMailbox: '1001',
  });
});

t.test('CRLF files, missing fields and junk are tolerated', async (t) => {
  const r = parseMessageTxt('[message]\r\ncallerid=<13800138000>\r\nduration=abc\r\n');
  t.match(r, {
    msgId: null,
    callerNumber: '13800138000',
    callerName: '',
    receivedAt: null,
    durationSeconds: 0,
  });
  t.equal(parseMessageTxt(''), null);
  t.equal(parseMessageTxt('[other]\nduration=3\n'), null, 'only the [message] section counts');
  t.equal(
    parseMessageTxt('[message]\nmsg_id=../../etc/passwd\n')?.msgId,
    null,
    'an odd msg_id is not trusted',
  );
});

t.test('caller ids in the shapes Asterisk writes', async (t) => {
  t.same(parseCallerId('"客服 张伟" <1001>'), { name: '客服 张伟', number: '1001' });
  t.same(parseCallerId('Zhang <1001>'), { name: 'Zhang', number: '1001' });
  t.same(parseCallerId('<+8613800138000>'), { name: '', number: '+8613800138000' });
  t.same(parseCallerId('1002'), { name: '', number: '1002' });
  t.same(parseCallerId('Unknown'), { name: '', number: '' });
  t.same(parseCallerId('"a \\"quoted\\" name" <9>'), { name: 'a "quoted" name', number: '9' });
});
