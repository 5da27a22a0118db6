import { z } from 'zod';
import { listQuery } from '../kit/list.js';
import { displayName, oneLine } from '../kit/text.js';

export const PROMPT_LANGUAGES = ['zh', 'en'] as const;
export type PromptLanguage = (typeof PROMPT_LANGUAGES)[number];

/** espeak-ng voice per language: Mandarin and English. */
export const VOICES = { zh: 'cmn', en: 'en' } as const;

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_DURATION_SECONDS = 600;
export const MAX_TTS_CHARS = 500;

/** Asterisk plays prompts by id. */
export const promptName = displayName();

const language = z.enum(PROMPT_LANGUAGES, { error: 'language must be zh or en' });

/** JSON body of POST /prompts: text to synthesize. */
export const PromptTts = z.strictObject({
  name: promptName,
  text: oneLine('text')
    .min(1, 'text is required')
    .max(MAX_TTS_CHARS, `text must be at most ${MAX_TTS_CHARS} characters`),
  language: language.default('zh'),
});
export type PromptTts = z.infer<typeof PromptTts>;

/** Query of POST /prompts with a raw audio body (audio/wav or audio/mpeg). */
export const PromptUploadQuery = z.strictObject({
  name: promptName,
  language: language.default('zh'),
});

export const PromptUpdate = z.strictObject({ name: promptName.optional() });

/** GET /prompts: search matches name and spoken text; `kind` and `language` filter. */
export const PromptListQuery = listQuery(['id', 'name', 'durationMs'], {
  kind: z.enum(['upload', 'tts'], { error: 'kind must be upload or tts' }).optional(),
  language: language.optional(),
});
export type PromptListQuery = z.output<typeof PromptListQuery>;
export type PromptSortKey = NonNullable<PromptListQuery['sort']>;

export interface Prompt {
  id: number;
  name: string;
  kind: 'upload' | 'tts';
  language: PromptLanguage;
  /** The synthesized text (tts only). */
  text: string | null;
  ttsHash: string | null;
  durationMs: number;
  sizeBytes: number;
  createdAt: number;
  updatedAt: number;
}

/** Something that plays a prompt (an announcement, later an IVR menu). */
export interface PromptUse {
  type: string;
  id: number;
  name: string;
}
