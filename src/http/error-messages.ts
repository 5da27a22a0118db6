/**
 * Error messages in the console's language. The console sends its language
 * as Accept-Language (zh-CN unless the user picked English); API clients that
 * send none get Chinese, the box's default. Only the message changes: `code`
 * and `field` stay the same in every language, for programs and for the
 * console's field mapping.
 *
 * zod's own messages are produced in both languages when an issue is raised
 * (the English one as the issue's message, the Chinese one beside it), since
 * the issue no longer carries the input that the Chinese text describes once
 * parsing is over. Messages a schema or a service wrote itself are kept as
 * written, except the common ones listed here.
 */
import type { Request } from 'express';
import { z } from 'zod';

/** A write failed because the data disk is full (SQLITE_FULL, ENOSPC): HTTP 507. */
export const DISK_FULL_MESSAGE = 'the data disk is full: free disk space and try again';

export type Language = 'zh-CN' | 'en';

/** The language of a request's error messages: English only when asked for before Chinese. */
export function requestLanguage(req: Request): Language {
  // any Chinese (zh-TW too) reads the Chinese messages better than the English ones
  return req.acceptsLanguages('zh-CN', 'zh', 'en') === 'en' ? 'en' : 'zh-CN';
}

/** Where the Chinese text of a zod default message is kept on the issue. */
const ZH = 'i18n';
type Localised = { [ZH]?: { 'zh-CN'?: string } };

/** Makes zod's default messages English (as before) with the Chinese text recorded beside them. Idempotent. */
export function installZodMessages(): void {
  const en = z.locales.en().localeError;
  const zh = z.locales.zhCN().localeError;
  z.config({
    localeError: (iss) => {
      (iss as Localised)[ZH] = { 'zh-CN': String(zh(iss) ?? '') };
      return en(iss);
    },
  });
}

/** A zod issue's message in `lang`: the recorded Chinese text of a default message, else the message as written. */
export function zodIssueMessage(issue: { message: string }, lang: Language): string {
  return lang === 'zh-CN' ? ((issue as Localised)[ZH]?.['zh-CN'] ?? issue.message) : issue.message;
}

/** The common messages, written once for the whole API (the kit's, auth's and the HTTP layer's own). */
const ZH_EXACT: Record<string, string> = {
  'authentication required': '请先登录',
  'wrong username or password': '用户名或密码错误',
  'too many failed logins, try again later': '登录失败次数过多，请稍后再试',
  'not allowed for your role': '您的角色无权执行此操作',
  'wallboard tokens are read-only': '大屏令牌只能读取',
  'tokens are created from a signed-in session': '令牌只能在登录后创建',
  'no such endpoint': '没有这个接口',
  'internal error': '服务器内部错误',
  [DISK_FULL_MESSAGE]: '数据磁盘空间已满：请释放磁盘空间后重试',
  'malformed request body': '请求内容格式错误',
  'request body too large': '请求内容过大',
  'request body must be JSON': '请求内容必须是 JSON',
  'id must be a positive integer': 'id 必须是正整数',
  'username already exists': '用户名已存在',
};

const ZH_PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(.+) not found$/s, (m) => `未找到 ${m[1]}`],
  [/^(.+) already exists$/s, (m) => `${m[1]} 已存在`],
  [/^unknown field (.+)$/s, (m) => `未知字段 ${m[1]}`],
];

/** Codes whose English detail says nothing the Chinese phrase does not: any message of theirs becomes it. */
const ZH_BY_CODE: Record<string, string> = {
  rate_limited: '请求过于频繁，请稍后再试',
};

/** A message an AppError (or the HTTP layer) wrote in English, in `lang` when it is a common one. */
export function localiseMessage(message: string, lang: Language, code?: string): string {
  if (lang === 'en') return message;
  const exact = ZH_EXACT[message];
  if (exact) return exact;
  for (const [re, to] of ZH_PATTERNS) {
    const m = re.exec(message);
    if (m) return to(m);
  }
  return (code && ZH_BY_CODE[code]) || message;
}
