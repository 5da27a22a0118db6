import t from 'tap';
import { voicemailMailText } from '../../src/voicemail/mail.js';

t.test('a voicemail e-mail names the caller, the time and the duration in Chinese', async (t) => {
  const m = voicemailMailText('1001', {
    callerNumber: '13800138000',
    callerName: '李娜',
    receivedAt: new Date(2026, 11, 3, 9, 5, 7).toISOString(),
    durationSeconds: 75,
  });
  t.equal(m.subject, '新语音留言：13800138000（李娜），1 分 15 秒');
  t.match(m.text, /分机 1001 的语音信箱收到一条新留言/);
  t.match(
    m.text,
    /来电号码：13800138000\n来电姓名：李娜\n留言时间：2026-12-03 09:05:07\n留言时长：1 分 15 秒/,
  );
});

t.test('an unknown caller and a hostile name still make a one-line subject', async (t) => {
  const m = voicemailMailText('1002', {
    callerNumber: '',
    callerName: 'Evil\r\nBcc: x@example.org\u202e',
    receivedAt: null,
    durationSeconds: 3,
  });
  t.notMatch(m.subject, /[\r\n\u202e]/);
  t.equal(m.subject, '新语音留言：未知号码（Evil Bcc: x@example.org），3 秒');
  t.match(m.text, /留言时间：未知/);
});
