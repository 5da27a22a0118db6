import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { validation } from '../errors.js';
import { UNSAFE_TEXT } from '../kit/text.js';

/** Largest attachment: a photo, a scanned PDF, a short recording. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const MAX_NAME = 120;

/**
 * The types an attachment may have, with the name endings each allows and
 * how its first bytes look (null: UTF-8 text without NUL). No HTML, SVG or
 * scripts: a download is always `attachment` with this type and `nosniff`,
 * but nothing that a browser would run is kept at all.
 */
const TYPES: Record<string, { ext: readonly string[]; magic: readonly (readonly number[])[] | null }> = {
  'image/png': { ext: ['png'], magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  'image/jpeg': { ext: ['jpg', 'jpeg'], magic: [[0xff, 0xd8, 0xff]] },
  'image/gif': { ext: ['gif'], magic: [[0x47, 0x49, 0x46, 0x38]] },
  'application/pdf': { ext: ['pdf'], magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
  // Office files are zip archives
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    ext: ['docx'],
    magic: [[0x50, 0x4b, 0x03, 0x04]],
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    ext: ['xlsx'],
    magic: [[0x50, 0x4b, 0x03, 0x04]],
  },
  'application/zip': { ext: ['zip'], magic: [[0x50, 0x4b, 0x03, 0x04]] },
  'audio/wav': { ext: ['wav'], magic: [[0x52, 0x49, 0x46, 0x46]] },
  'audio/mpeg': {
    ext: ['mp3'],
    magic: [
      [0x49, 0x44, 0x33],
      [0xff, 0xfb],
      [0xff, 0xf3],
      [0xff, 0xf2],
    ],
  },
  'text/plain': { ext: ['txt', 'log'], magic: null },
  'text/csv': { ext: ['csv'], magic: null },
};
export const ATTACHMENT_TYPES = Object.keys(TYPES);

/** The media type of a Content-Type header, lower-case, without parameters. */
export const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * The name an attachment is shown and downloaded as. It is never a path on
 * disk (the file gets a generated name), but a name that looks like one is
 * refused rather than quietly changed: `../../etc/passwd`, `a/b`, `a\b`, NUL
 * and other controls, a leading dot, or an ending that does not fit the type.
 */
export function attachmentName(raw: string, type: string): string {
  const name = raw.normalize('NFC').trim();
  if (!name) throw validation('name', 'name is required');
  if (name.length > MAX_NAME) throw validation('name', `name must be at most ${MAX_NAME} characters`);
  if (UNSAFE_TEXT.test(name)) throw validation('name', 'name must not contain control characters');
  if (/[/\\]/.test(name)) throw validation('name', 'name must be a file name, not a path');
  if (name.startsWith('.')) throw validation('name', 'name must not start with a dot');
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase();
  const allowed = TYPES[type]?.ext ?? [];
  if (!ext || !allowed.includes(ext))
    throw validation('name', `a ${type} file's name ends in .${allowed.join(' or .')}`);
  return name;
}

/** The type is on the list and the bytes are what it says. */
export function checkContent(type: string, body: Buffer): void {
  const spec = TYPES[type];
  if (!spec)
    throw validation(
      'content-type',
      `attachments are ${ATTACHMENT_TYPES.join(', ')}; not ${type || 'untyped'}`,
    );
  if (body.length === 0) throw validation('file', 'the file is empty');
  if (body.length > MAX_ATTACHMENT_BYTES)
    throw validation('file', `an attachment is at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
  const ok = spec.magic
    ? spec.magic.some((m) => m.every((b, i) => body[i] === b))
    : !body.includes(0) && isUtf8(body);
  if (!ok) throw validation('file', `the file's content is not ${type}`);
}

function isUtf8(body: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

/** The attachments folder: files by generated name only, so nothing a user typed becomes a path. */
export function attachmentFiles(dir: string) {
  const root = path.resolve(dir);
  const inside = (file: string) => {
    const p = path.resolve(root, file);
    // belt and braces: the names are ours, but a row edited by hand must not reach outside either
    if (path.dirname(p) !== root) throw new Error(`attachment file ${file} is outside ${root}`);
    return p;
  };
  return {
    /** A new, unused file name for a ticket's upload. */
    newName: (ticketId: number) => `${ticketId}-${randomUUID()}`,
    write(file: string, body: Buffer) {
      mkdirSync(root, { recursive: true, mode: 0o750 });
      writeFileSync(inside(file), body, { flag: 'wx', mode: 0o640 });
    },
    read: (file: string) => readFileSync(inside(file)),
    remove(file: string) {
      rmSync(inside(file), { force: true });
    },
  };
}
export type AttachmentFiles = ReturnType<typeof attachmentFiles>;
