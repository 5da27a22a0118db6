import { localDateTime } from '../kit/local-time.js';
import { UNSAFE_TEXT } from '../kit/text.js';

/** A caller's name from a message envelope: controls and line breaks become spaces (it goes into a subject). */
const line = (s: string, max: number) =>
  s.replace(new RegExp(UNSAFE_TEXT.source, 'gu'), ' ').replace(/\s+/g, ' ').trim().slice(0, max);

const duration = (sec: number) =>
  sec >= 60 ? `${Math.floor(sec / 60)} 分 ${String(sec % 60).padStart(2, '0')} 秒` : `${sec} 秒`;

/**
 * The e-mail of one voicemail, in Chinese: who called (number and name, as
 * the envelope has them), when (the box's clock), how long. Pure.
 */
export function voicemailMailText(
  extension: string,
  m: { callerNumber: string; callerName: string; receivedAt: string | null; durationSeconds: number },
): { subject: string; text: string } {
  const number = line(m.callerNumber, 32) || '未知号码';
  const name = line(m.callerName, 64);
  const who = name ? `${number}（${name}）` : number;
  const when = m.receivedAt ? localDateTime(new Date(m.receivedAt), true) : '未知';
  return {
    subject: `新语音留言：${who}，${duration(m.durationSeconds)}`,
    text: [
      `分机 ${extension} 的语音信箱收到一条新留言。`,
      '',
      `来电号码：${number}`,
      `来电姓名：${name || '—'}`,
      `留言时间：${when}`,
      `留言时长：${duration(m.durationSeconds)}`,
      '',
      '录音见附件（WAV）。',
      '',
    ].join('\n'),
  };
}
