import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ccEn } from './callcenter.en-US';
import { ccZh } from './callcenter.zh-CN';
import { contactsEn } from './contacts.en-US';
import { contactsZh } from './contacts.zh-CN';
import { deskEn } from './desk.en-US';
import { deskZh } from './desk.zh-CN';
import { enUS } from './en-US';
import { guardEn } from './guard.en-US';
import { guardZh } from './guard.zh-CN';
import { kbEn } from './kb.en-US';
import { kbZh } from './kb.zh-CN';
import { mailEn } from './mail.en-US';
import { mailZh } from './mail.zh-CN';
import { phoneEn } from './phone.en-US';
import { phoneZh } from './phone.zh-CN';
import { qaEn } from './qa.en-US';
import { qaZh } from './qa.zh-CN';
import { reportsEn } from './reports.en-US';
import { reportsZh } from './reports.zh-CN';
import { smsEn } from './sms.en-US';
import { smsZh } from './sms.zh-CN';
import { staffingEn } from './staffing.en-US';
import { staffingZh } from './staffing.zh-CN';
import { superviseEn } from './supervise.en-US';
import { superviseZh } from './supervise.zh-CN';
import { ticketsEn } from './tickets.en-US';
import { ticketsZh } from './tickets.zh-CN';
import { zhCN } from './zh-CN';

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'hotline.lang';

/** The call-center pages keep their strings in their own file; merged per namespace. */
type Strings = { [key: string]: unknown };
const isStrings = (v: unknown): v is Strings => typeof v === 'object' && v !== null;
function merge(a: Strings, b: Strings): Strings {
  const out: Strings = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const mine = out[k];
    out[k] = isStrings(v) && isStrings(mine) ? merge(mine, v) : v;
  }
  return out;
}

/** Chinese unless the user picked English before (remembered in this browser). */
export function storedLanguage(): Language {
  const v = localStorage.getItem(STORAGE_KEY);
  return (LANGUAGES as readonly string[]).includes(v ?? '') ? (v as Language) : 'zh-CN';
}

export function rememberLanguage(lang: Language) {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': {
      translation: [
        zhCN,
        ccZh,
        kbZh,
        deskZh,
        ticketsZh,
        phoneZh,
        staffingZh,
        superviseZh,
        qaZh,
        smsZh,
        mailZh,
        guardZh,
        reportsZh,
        contactsZh,
      ].reduce<Strings>(merge, {}),
    },
    'en-US': {
      translation: [
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
      ].reduce<Strings>(merge, {}),
    },
  },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = storedLanguage();

export default i18n;
