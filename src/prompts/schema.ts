import { z } from 'zod';
import { listQuery } from '../kit/list.js';

/**
 * Free text on one line (客服一组 is fine): no controls, no line/paragraph
 * separators, no bidi overrides. Prompt names never reach a config file
 * (Asterisk plays prompts by id), so this is about display, not quoting.
 */
const UNSAFE_TEXT = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

export const PROMPT_LANGUAGES = ['zh', 'en'] as const;
export type PromptLanguage = (typeof PROMPT_LANGUAGES)[number];

/** espeak-ng voice per language: Mandarin and English. */
export const VOICES = { zh: 'cmn', en: 'en' } as const;

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_DURATION_SECONDS = 600;
export const MAX_TTS_CHARS = 500;

export const promptName = z
  .string({ error: 'name must be a string' })
  .refine((s) => !UNSAFE_TEXT.test(s), 'name must not contain control characters')
  .trim()
  .min(1, 'name is required')
  .max(64, 'name must be at most 64 characters');

const language = z.enum(PROMPT_LANGUAGES, { error: 'language must be zh or en' });

/** JSON body of POST /prompts: text to synthesize. */
export const PromptTts = z.strictObject({
  name: promptName,
  text: z
    .string({ error: 'text must be a string' })
    .refine((s) => !UNSAFE_TEXT.test(s), 'text must not contain control characters')
    .trim()
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
