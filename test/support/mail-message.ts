/** Reading a raw message as an SMTP server received it: RFC 2047 headers, base64 parts. */

/** An RFC 2047 header value decoded (encoded words, B or Q, UTF-8), its folding undone. */
export function decodeHeader(value: string): string {
  const unfolded = value.replace(/\r?\n[ \t]+/g, ' ');
  return unfolded
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/** A header of a raw message (the first one of that name). */
export function header(raw: string, name: string): string {
  const head = raw.split(/\r\n\r\n/)[0]!;
  const m = new RegExp(`^${name}:(.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(head);
  if (!m) throw new Error(`no ${name} header`);
  return decodeHeader(m[1]!.trim());
}

/** The decoded body of the message's part of this content type (or of a one-part message of it). */
export function part(raw: string, type: string): string {
  return partBytes(raw, type).toString('utf8');
}

/** The bytes of the message's part of this content type: an attachment as sent. */
export function partBytes(raw: string, type: string): Buffer {
  const at = raw.search(new RegExp(`^Content-Type: ${type}`, 'im'));
  if (at < 0) throw new Error(`no ${type} part`);
  // a message of one part: its type is among the message's own headers
  const rest = at < raw.indexOf('\r\n\r\n') ? raw : raw.slice(at);
  const [head, ...body] = rest.split(/\r\n\r\n/);
  const text = body.join('\r\n\r\n').split(/\r\n--/)[0]!;
  if (/Content-Transfer-Encoding: base64/i.test(head!))
    return Buffer.from(text.replace(/\s+/g, ''), 'base64');
  throw new Error(`unexpected encoding in ${head}`);
}
