/**
 * The English dictionary, merged from every namespace's file: a chunk of its
 * own, fetched only by a browser set to English (index.ts), so the Chinese
 * console's first load does not carry it.
 */
import { ccEn } from './callcenter.en-US';
import { contactsEn } from './contacts.en-US';
import { deskEn } from './desk.en-US';
import { enUS } from './en-US';
import { guardEn } from './guard.en-US';
import { kbEn } from './kb.en-US';
import { mailEn } from './mail.en-US';
import { merge, type Strings } from './merge';
import { outreachEn } from './outreach.en-US';
import { phoneEn } from './phone.en-US';
import { qaEn } from './qa.en-US';
import { reportsEn } from './reports.en-US';
import { setupEn } from './setup.en-US';
import { smsEn } from './sms.en-US';
import { staffingEn } from './staffing.en-US';
import { superviseEn } from './supervise.en-US';
import { ticketsEn } from './tickets.en-US';

export const english: Strings = [
  enUS,
  ccEn,
  kbEn,
  deskEn,
  ticketsEn,
  phoneEn,
  staffingEn,
  superviseEn,
  qaEn,
  smsEn,
  mailEn,
  guardEn,
  reportsEn,
  contactsEn,
  outreachEn,
  setupEn,
].reduce<Strings>(merge, {});
