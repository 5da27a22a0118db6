import type { Cell, ExportColumn } from '../kit/export.js';
import { localDateTime } from '../kit/local-time.js';
import type { CallRow } from './list.js';

/** Epoch seconds as the box's local wall time, the way a spreadsheet user reads it. */
export function localStamp(epochSec: number | null): Cell {
  if (epochSec === null) return null;
  return localDateTime(new Date(epochSec * 1000), true);
}

type Lang = 'zh' | 'en';

const COLUMNS: [zh: string, en: string, value: (r: CallRow, queueName: (id: number) => string) => Cell][] = [
  ['来电时间', 'Entered', (r) => localStamp(r.entered_at)],
  ['结束时间', 'Ended', (r) => localStamp(r.ended_at)],
  ['方向', 'Direction', (r) => r.direction],
  ['主叫号码', 'Caller', (r) => r.caller],
  ['被叫号码', 'DID', (r) => r.did],
  ['IVR 路径', 'IVR path', (r) => r.ivr_path],
  ['队列', 'Queue', (r, queueName) => (r.queue_id === null ? '' : queueName(r.queue_id))],
  ['等待（秒）', 'Wait (s)', (r) => r.wait_seconds],
  ['坐席', 'Agent', (r) => r.agent],
  ['通话（秒）', 'Talk (s)', (r) => r.talk_seconds],
  ['保持（秒）', 'Hold (s)', (r) => r.hold_seconds],
  ['结果', 'Outcome', (r) => r.outcome],
  ['处理结果', 'Disposition', (r) => r.wrap_disposition],
  ['备注', 'Notes', (r) => r.wrap_notes],
  ['通话 ID', 'Call ID', (r) => r.linkedid],
];

/** The columns of a calls export, headed in the reader's language. */
export function callExportColumns(lang: Lang, queueName: (id: number) => string): ExportColumn<CallRow>[] {
  return COLUMNS.map(([zh, en, value]) => ({
    header: lang === 'en' ? en : zh,
    value: (r) => value(r, queueName),
  }));
}
