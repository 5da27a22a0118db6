import nodemailer from 'nodemailer';
import type { MailSettings } from './store.js';

/** One message as the SMTP client sends it. */
export interface Outgoing {
  to: string;
  subject: string;
  text: string;
  html: string | null;
  messageId: string;
  /** Files sent with the text (scheduled reports); none for outbox messages. */
  attachments?: Attachment[];
}

/** A file attached to a message, held in memory (a report of a few hundred kB). */
export interface Attachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** How a delivery attempt ended: accepted, refused for good (5xx), or worth another try (4xx, no connection). */
export type Delivery =
  | { outcome: 'sent'; response: string }
  | { outcome: 'permanent' | 'temporary'; error: string };

/** Sends one message with the site's settings; the adapter over nodemailer (tests may swap it). */
export type SendMail = (settings: MailSettings, message: Outgoing) => Promise<Delivery>;

const TIMEOUT_MS = 15_000;

/**
 * nodemailer with the site's server: `tls` is SMTPS (implicit TLS, usually
 * 465), `starttls` requires the upgrade (a server that does not offer it is
 * an error, never a silent plain-text login), `none` never upgrades. The
 * subject and the from name are RFC 2047-encoded by nodemailer when they are
 * not ASCII; our schemas already refuse line breaks in them.
 */
export const smtpSend: SendMail = async (s, m) => {
  const transport = nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.security === 'tls',
    requireTLS: s.security === 'starttls',
    ignoreTLS: s.security === 'none',
    auth: s.username ? { user: s.username, pass: s.password } : undefined,
    tls: { rejectUnauthorized: s.verifyCertificate },
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    const info = await transport.sendMail({
      from: s.fromName ? { name: s.fromName, address: s.fromAddress } : s.fromAddress,
      to: m.to,
      subject: m.subject,
      text: m.text,
      ...(m.html === null ? {} : { html: m.html }),
      messageId: m.messageId,
      textEncoding: 'base64',
      // nodemailer encodes a non-ASCII file name (RFC 2231) and the content as base64
      ...(m.attachments?.length ? { attachments: m.attachments } : {}),
    });
    return { outcome: 'sent', response: String(info.response ?? '') };
  } catch (err) {
    const e = err as Error & { command?: string; responseCode?: number; response?: string };
    const error = (e.response ?? e.message).slice(0, 1000);
    // RFC 5321 §4.2.1: 5yz is a permanent refusal, 4yz a transient one. Only a
    // refusal of the recipient or of the message bounces it: a refused login,
    // sender (530 authentication required at MAIL FROM) or TLS handshake is the
    // site's setting, and the message is retried while it is fixed.
    const ofMessage = e.command === 'RCPT TO' || e.command === 'DATA';
    const permanent = ofMessage && e.responseCode !== undefined && e.responseCode >= 500;
    return { outcome: permanent ? 'permanent' : 'temporary', error };
  } finally {
    transport.close();
  }
};
