import { createHmac, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Ami } from '../asterisk/ami.js';
import { assertLoaded, type ConfigApplier, type ConfigSection } from '../asterisk/apply.js';
import type { Actor, Audit } from '../audit/index.js';
import { AppError, notFound } from '../errors.js';
import type { Principal } from '../http/principal.js';
import type { Logger } from '../log.js';
import type { SendRequest } from '../mail/index.js';
import { voicemailSeatsConf } from './confgen.js';
import { voicemailMailText } from './mail.js';
import { parseMessageTxt } from './parse.js';
import { FOLDERS, type Folder, type VoicemailEmailPut, type VoicemailMessage } from './schema.js';
import type { VoicemailStore } from './store.js';

interface SeatRow {
  extension: string;
  name: string;
  enabled: boolean;
  voicemail: boolean;
}

/** Mailboxes live in voicemail.conf's [default] context. */
export const VOICEMAIL_CONTEXT = 'default';

/**
 * A seat's first PIN: six digits from HMAC(per-install random key, extension).
 * Random to anyone without the key, yet the same in the apply's dry run and
 * its commit, so config generation stays a pure function of the database.
 * It is stored in voicemail_pins on first use; a PIN set through the API wins.
 */
export function derivePin(key: string, extension: string): string {
  const n = createHmac('sha256', key).update(`voicemail-pin:${extension}`).digest().readUInt32BE(0);
  return String(n % 1_000_000).padStart(6, '0');
}

/** A mailbox's PIN (its seat's extension is the mailbox). */
export interface MailboxPin {
  extension: string;
  pin: string;
}

export interface VoicemailService {
  /** Stores the derived first PIN of every mailbox that has none yet (the file does not change). */
  materializePins(): void;
  /** An agent without `extension` gets their own mailbox; an admin gets every mailbox. */
  list(p: Principal, extension?: string): { items: VoicemailMessage[]; total: number };
  /** A message's recording (WAV), for the mailbox's owner or an admin. */
  audio(p: Principal, ext: string, msgId: string): Promise<Buffer>;
  /** Deletes every file of a message (audited) and refreshes the phone's message lamp. */
  remove(actor: Actor, ext: string, msgId: string): Promise<void>;
  /** The mailbox's PIN, its derived first PIN stored on first read. */
  pin(p: Principal, ext: string): MailboxPin;
  /** Sets the PIN through the config applier (voicemail_seats.conf), audited without the PIN. */
  setPin(actor: Actor, ext: string, pin: string): Promise<MailboxPin>;
  /** The mailbox's voicemail-to-e-mail setting and where it would send now. */
  emailSetting(p: Principal, ext: string): VoicemailEmailView;
  /** Sets it (audited); messages left before it was turned on are not sent. */
  setEmailSetting(actor: Actor, ext: string, body: VoicemailEmailPut): VoicemailEmailView;
  /** Queues an e-mail with the recording for each new message not sent yet; answers the outbox ids. */
  mailNew(ext: string): Promise<number[]>;
  /** mailNew for every mailbox that mails (on start: messages left while hotlined was down). */
  mailAll(): Promise<void>;
  configSection(): ConfigSection;
}

export interface VoicemailEmailView {
  extension: string;
  enabled: boolean;
  /** The mailbox's own address, or null for the owner's. */
  address: string | null;
  /** The e-mail address of the user linked to the seat. */
  ownerEmail: string | null;
  /** Where a new message goes: `address`, else `ownerEmail` (null: nowhere, nothing is sent). */
  to: string | null;
}

export function createVoicemailService(deps: {
  store: VoicemailStore;
  seats: { all(): SeatRow[]; findByExtension(ext: string): SeatRow | undefined };
  /** The seat linked to a user (users.seat_extension), or null. */
  seatOfUser(userId: number): string | null;
  applier: ConfigApplier;
  audit: Audit;
  ami: Ami;
  log: Logger;
  /** Host path of <spoolDir>/voicemail/default. */
  spoolDir: string;
  /** The outbox (voicemail to e-mail). */
  mail: { send(r: SendRequest): number };
  /** The e-mail of the user linked to the seat, or null. */
  ownerEmail(ext: string): string | null;
}): VoicemailService {
  const { store, seats, applier, audit, log } = deps;
  const key = store.key(() => randomBytes(32).toString('hex'));

  const mailboxSeats = () => seats.all().filter((s) => s.enabled && s.voicemail);
  const pinOf = (ext: string, stored: Map<string, string>) => stored.get(ext) ?? derivePin(key, ext);

  /** Stores the derived first PIN of every mailbox that has none yet (the file does not change). */
  const materializePins = () => {
    const now = Date.now();
    for (const s of mailboxSeats()) store.ensurePin(s.extension, derivePin(key, s.extension), now);
  };

  /** Admins reach every mailbox; anyone else only the one of the seat linked to their user. */
  const authorize = (p: Principal, ext: string) => {
    if (p.role === 'admin') return;
    if (deps.seatOfUser(p.userId) !== ext)
      throw new AppError('forbidden', `mailbox ${ext} is not yours`, { field: 'extension' });
  };
  const mustSeat = (ext: string) => {
    const s = seats.findByExtension(ext);
    if (!s) throw notFound('mailbox');
    return s;
  };

  const folderDir = (ext: string, folder: Folder) => path.join(deps.spoolDir, ext, folder);

  const readFolder = (ext: string, folder: Folder): (VoicemailMessage & { base: string })[] => {
    let names: string[];
    try {
      names = readdirSync(folderDir(ext, folder));
    } catch {
      return [];
    }
    const out: (VoicemailMessage & { base: string })[] = [];
    for (const n of names) {
      const m = /^(msg[0-9]{4})\.txt$/.exec(n);
      if (!m?.[1]) continue;
      let info: ReturnType<typeof parseMessageTxt>;
      try {
        info = parseMessageTxt(readFileSync(path.join(folderDir(ext, folder), n), 'utf8'));
      } catch {
        continue; // deleted between readdir and read
      }
      if (!info) continue;
      const msgId = info.msgId ?? `${folder}-${m[1].slice(3)}`;
      out.push({
        base: m[1],
        msgId,
        extension: ext,
        folder,
        callerName: info.callerName,
        callerNumber: info.callerNumber,
        receivedAt: info.receivedAt === null ? null : new Date(info.receivedAt).toISOString(),
        durationSeconds: info.durationSeconds,
        audio: `/api/v1/voicemail/${ext}/${encodeURIComponent(msgId)}/audio`,
      });
    }
    return out;
  };

  const messagesOf = (ext: string) =>
    FOLDERS.flatMap((f) => readFolder(ext, f)).sort((a, b) =>
      (b.receivedAt ?? '').localeCompare(a.receivedAt ?? ''),
    );

  const mustMessage = (ext: string, msgId: string) => {
    const m = messagesOf(ext).find((x) => x.msgId === msgId);
    if (!m) throw notFound('voicemail message');
    return m;
  };

  const emailView = (ext: string): VoicemailEmailView => {
    const s = store.emailSetting(ext);
    const ownerEmail = deps.ownerEmail(ext);
    const address = s?.address ?? null;
    return { extension: ext, enabled: s?.enabled ?? false, address, ownerEmail, to: address ?? ownerEmail };
  };

  async function mailNew(ext: string): Promise<number[]> {
    const setting = store.emailSetting(ext);
    if (!setting?.enabled) return [];
    const to = emailView(ext).to;
    if (!to) {
      log.warn({ ext }, 'voicemail to e-mail is on but the mailbox has no address and its owner none');
      return [];
    }
    const ids: number[] = [];
    // origtime has whole seconds: a message left in the second the setting was turned on counts
    const fresh = readFolder(ext, 'INBOX').filter(
      (m) => m.receivedAt !== null && Date.parse(m.receivedAt) >= setting.since - 1000,
    );
    for (const m of fresh) {
      if (!store.markMailed(ext, m.msgId, Date.now())) continue;
      try {
        const content = await readFile(path.join(folderDir(ext, 'INBOX'), `${m.base}.wav`));
        const id = deps.mail.send({
          to,
          ...voicemailMailText(ext, m),
          reason: 'voicemail',
          attachments: [{ filename: `voicemail-${ext}-${m.msgId}.wav`, contentType: 'audio/wav', content }],
        });
        store.setMailed(ext, m.msgId, id);
        ids.push(id);
      } catch (err) {
        // not claimed after all: the next message-waiting event tries it again
        store.unmarkMailed(ext, m.msgId);
        log.error({ err, ext, msg: m.msgId }, 'voicemail could not be queued for e-mail');
      }
    }
    return ids;
  }

  return {
    materializePins,

    emailSetting(p, ext) {
      authorize(p, ext);
      mustSeat(ext);
      return emailView(ext);
    },

    setEmailSetting(actor, ext, body) {
      authorize(actor.principal, ext);
      mustSeat(ext);
      const before = emailView(ext);
      const was = store.emailSetting(ext);
      const now = Date.now();
      const since = body.enabled && !was?.enabled ? now : (was?.since ?? now);
      store.putEmailSetting(ext, { ...body, since }, now);
      const after = emailView(ext);
      audit.record({ ...actor, action: 'update', entity: 'voicemail_email', entityId: ext, before, after });
      return after;
    },

    mailNew,

    async mailAll() {
      for (const ext of store.enabledMailboxes()) await mailNew(ext);
    },

    list(p, extension) {
      let exts: string[];
      if (extension !== undefined) {
        authorize(p, extension);
        mustSeat(extension);
        exts = [extension];
      } else if (p.role === 'admin') {
        exts = mailboxSeats().map((s) => s.extension);
      } else {
        const own = deps.seatOfUser(p.userId);
        if (!own)
          throw new AppError('forbidden', 'your user is not linked to a seat', { field: 'extension' });
        exts = [own];
      }
      const items = exts
        .flatMap(messagesOf)
        .sort((a, b) => (b.receivedAt ?? '').localeCompare(a.receivedAt ?? ''))
        .map(({ base: _base, ...m }) => m);
      return { items, total: items.length };
    },

    async audio(p, ext, msgId) {
      authorize(p, ext);
      mustSeat(ext);
      const m = mustMessage(ext, msgId);
      try {
        return await readFile(path.join(folderDir(ext, m.folder), `${m.base}.wav`));
      } catch {
        throw notFound('voicemail audio');
      }
    },

    async remove(actor, ext, msgId) {
      authorize(actor.principal, ext);
      mustSeat(ext);
      const m = mustMessage(ext, msgId);
      const dir = folderDir(ext, m.folder);
      // every file of the message: msgNNNN.txt, .wav and any other format
      for (const n of readdirSync(dir))
        if (n.startsWith(`${m.base}.`)) rmSync(path.join(dir, n), { force: true });
      const { base: _base, ...before } = m;
      audit.record({ ...actor, action: 'delete', entity: 'voicemail', entityId: `${ext}/${msgId}`, before });
      // app_voicemail counts files only when asked: refresh so the phone's lamp follows
      await deps.ami
        .action('VoicemailRefresh', { Context: VOICEMAIL_CONTEXT, Mailbox: ext })
        .catch((err) => log.warn({ err, ext }, 'VoicemailRefresh failed'));
    },

    pin(p, ext) {
      authorize(p, ext);
      const seat = mustSeat(ext);
      if (!seat.voicemail)
        throw new AppError('conflict', `seat ${ext} has no voicemail`, { field: 'extension' });
      store.ensurePin(ext, derivePin(key, ext), Date.now());
      return { extension: ext, pin: store.pin(ext) ?? derivePin(key, ext) };
    },

    async setPin(actor, ext, pin) {
      authorize(actor.principal, ext);
      mustSeat(ext);
      const now = Date.now();
      await applier.change(
        () => store.setPin(ext, pin, now),
        () =>
          audit.record({
            ...actor,
            action: 'update',
            entity: 'voicemail_pin',
            entityId: ext,
            after: { pinChanged: true },
          }),
      );
      return { extension: ext, pin };
    },

    configSection() {
      return {
        name: 'voicemail',
        generate: () => {
          const stored = store.pins();
          const boxes = mailboxSeats().map((s) => ({
            extension: s.extension,
            name: s.name,
            pin: pinOf(s.extension, stored),
          }));
          const expected = new Set(boxes.map((b) => b.extension));
          return {
            files: [
              {
                name: 'voicemail_seats.conf',
                text: voicemailSeatsConf(boxes),
                reload: 'app_voicemail.so' as const,
              },
            ],
            verify: (ctx) => verifyMailboxes(ctx.ami, expected),
          };
        },
      };
    },
  };
}

/** Every seat mailbox exists in [default] after the reload, and no other. */
async function verifyMailboxes(ami: Ami, expected: Set<string>) {
  const users = await ami.list('VoicemailUsersList');
  const present = new Set(
    users.filter((u) => (u.VMContext ?? '') === VOICEMAIL_CONTEXT).map((u) => u.VoiceMailbox ?? ''),
  );
  assertLoaded('Asterisk mailboxes do not match the seats after reload', expected, present);
}
