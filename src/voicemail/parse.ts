/**
 * app_voicemail's message envelope (file storage): `msgNNNN.txt` next to the
 * audio, an INI file with one `[message]` section, e.g.
 *
 *   [message]
 *   origmailbox=1001
 *   callerid="Li Na" <1002>
 *   origtime=1718000000
 *   msg_id=1718000000-00000000
 *   duration=5
 */
export interface MessageInfo {
  /** Asterisk's stable message id (survives renumbering), when present. */
  msgId: string | null;
  callerName: string;
  callerNumber: string;
  /** Epoch ms. */
  receivedAt: number | null;
  durationSeconds: number;
  origMailbox: string;
}

export function parseMessageTxt(text: string): MessageInfo | null {
  const kv = new Map<string, string>();
  let inMessage = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      inMessage = line === '[message]';
      continue;
    }
    if (!inMessage) continue;
    const eq = line.indexOf('=');
    if (eq > 0) kv.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  if (kv.size === 0) return null;
  const { name, number } = parseCallerId(kv.get('callerid') ?? '');
  const origtime = Number(kv.get('origtime'));
  const duration = Number(kv.get('duration'));
  const msgId = kv.get('msg_id') ?? '';
  return {
    msgId: /^[A-Za-z0-9-]{1,64}$/.test(msgId) ? msgId : null,
    callerName: name,
    callerNumber: number,
    receivedAt: Number.isFinite(origtime) && origtime > 0 ? origtime * 1000 : null,
    durationSeconds: Number.isFinite(duration) && duration >= 0 ? duration : 0,
    origMailbox: kv.get('origmailbox') ?? '',
  };
}

/** `"Name" <1002>`, `Name <1002>`, `<1002>`, `1002`, or `Unknown`. */
export function parseCallerId(s: string): { name: string; number: string } {
  const m = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<]*?))\s*<([^>]*)>\s*$/.exec(s);
  if (m) return { name: (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1').trim(), number: (m[3] ?? '').trim() };
  const t = s.trim();
  if (/^[+0-9*#]+$/.test(t)) return { name: '', number: t };
  return { name: t === 'Unknown' ? '' : t, number: '' };
}
