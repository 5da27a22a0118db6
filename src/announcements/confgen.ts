import { assertConfigValue, banner } from '../asterisk/confgen-util.js';
import { announcementContext, compileDestination, renderExtension } from '../destinations/compile.js';
import type { Announcement } from './schema.js';

/**
 * hotline/extensions_announcements.conf: one `[hotline-announcement-<id>]`
 * context per announcement, sorted by id. It answers, plays the prompt from
 * `promptDir` (Asterisk-side, no extension), then runs the `then`
 * destination; when that gives up (a seat that did not answer), hang up.
 * Pure: rows in, text out.
 */
export function announcementsDialplan(list: Announcement[], promptDir: string): string {
  const dir = assertConfigValue(promptDir, /^\/[A-Za-z0-9._/-]{1,200}$/);
  const out = [banner('extensions_announcements.conf')];
  for (const a of [...list].sort((x, y) => x.id - y.id)) {
    const prompt = assertConfigValue(String(a.promptId), /^[1-9][0-9]{0,9}$/);
    const then = compileDestination(a.then, { labelPrefix: 'then' });
    out.push(
      `[${announcementContext(a.id)}]`,
      ...renderExtension('s', [
        { app: 'Answer()' },
        // RTP needs a moment after the answer, or the first syllable is lost
        { app: 'Wait(0.5)' },
        { app: `Playback(${dir}/${prompt})` },
        ...then,
        ...(then.at(-1)?.app === 'Hangup()' ? [] : [{ app: 'Hangup()' }]),
      ]),
      '',
    );
  }
  return out.join('\n');
}
