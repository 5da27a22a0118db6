import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ccZh } from './callcenter.zh-CN';
import { contactsZh } from './contacts.zh-CN';
import { deskZh } from './desk.zh-CN';
import { guardZh } from './guard.zh-CN';
import { kbZh } from './kb.zh-CN';
import { mailZh } from './mail.zh-CN';
import { merge, type Strings } from './merge';
import { outreachZh } from './outreach.zh-CN';
import { phoneZh } from './phone.zh-CN';
import { qaZh } from './qa.zh-CN';
import { reportsZh } from './reports.zh-CN';
import { setupZh } from './setup.zh-CN';
import { smsZh } from './sms.zh-CN';
import { staffingZh } from './staffing.zh-CN';
import { superviseZh } from './supervise.zh-CN';
import { ticketsZh } from './tickets.zh-CN';
import { zhCN } from './zh-CN';

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'hotline.lang';

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
        outreachZh,
        setupZh,
      ].reduce<Strings>(merge, {}),
    },
  },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** English is a chunk of its own (english.ts), added to i18next the first time it is chosen. */
async function loadLanguage(lang: Language): Promise<void> {
  if (lang === 'zh-CN' || i18n.hasResourceBundle(lang, 'translation')) return;
  const { english } = await import('./english');
  i18n.addResourceBundle(lang, 'translation', english);
}

/** Switches the console's language (fetching its dictionary first) and remembers it. */
export async function chooseLanguage(lang: Language): Promise<void> {
  await loadLanguage(lang);
  rememberLanguage(lang);
  await i18n.changeLanguage(lang);
}

/** Settles when the remembered language's dictionary is there: the apps render after it. */
export const languageReady: Promise<void> = (async () => {
  const lang = storedLanguage();
  document.documentElement.lang = lang;
  if (lang === 'zh-CN') return;
  try {
    await loadLanguage(lang);
    await i18n.changeLanguage(lang);
  } catch {
    // the chunk did not come (hotlined restarting): Chinese, the default, rather than nothing
  }
})();

export default i18n;
