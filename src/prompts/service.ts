import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Actor } from '../audit/index.js';
import { AppError, notFound, validation } from '../errors.js';
import { stageFile, writeAtomic } from '../fs/write-atomic.js';
import type { Change } from '../kit/change.js';
import { mapPage } from '../kit/list.js';
import { mustFind, type ViewedList } from '../kit/resource.js';
import { resourceChanges } from '../kit/resource-changes.js';
import { type WithIsoTimes, withIsoTimes } from '../kit/view.js';
import { type AudioTools, type AudioType, sniffAudio } from './audio.js';
import './events.js';
import {
  MAX_DURATION_SECONDS,
  type Prompt,
  type PromptLanguage,
  type PromptListQuery,
  type PromptTts,
  type PromptUse,
  VOICES,
} from './schema.js';
import type { PromptStore } from './store.js';

export type PromptView = Omit<WithIsoTimes<Prompt>, 'ttsHash'> & {
  /** What dialplan plays: Playback(<playback>). */
  playback: string;
  usedBy: PromptUse[];
};

/** Shortest audio worth keeping: a header with no samples is "0 s". */
const MIN_SECONDS = 0.1;

export interface PromptService extends ViewedList<Prompt, PromptView, PromptListQuery> {
  get(id: number): Prompt;
  exists(id: number): boolean;
  /** The Asterisk-side path dialplan plays (no extension). */
  playbackPath(id: number): string;
  /** Another domain that plays prompts says who uses one; used by delete (409). */
  registerUsage(fn: (promptId: number) => PromptUse[]): void;
  audio(id: number): Promise<Buffer>;
  /** An uploaded WAV or MP3, converted to 8 kHz mono 16-bit WAV. */
  upload(
    body: Buffer,
    declared: AudioType,
    meta: { name: string; language: PromptLanguage },
    actor: Actor,
  ): Promise<Prompt>;
  /** Text spoken by espeak-ng; the same (voice, text) is synthesized once and cached. */
  synthesize(input: PromptTts, actor: Actor): Promise<{ prompt: Prompt; cached: boolean }>;
  rename(id: number, name: string, actor: Actor): Promise<Prompt>;
  /** Refused (409) while anything plays it; the check and the delete share one transaction. */
  remove(id: number, actor: Actor): Promise<void>;
}

export function createPromptService(deps: {
  store: PromptStore;
  change: Change;
  tools: AudioTools;
  /** Where hotlined writes prompts (host path of promptDir). */
  hostDir: string;
  /** promptDir as Asterisk sees it. */
  asteriskDir: string;
  /** Synthesized audio by (voice, text) hash, so the same text is spoken once. */
  cacheDir: string;
}): PromptService {
  const { store, tools } = deps;
  // Prompts are files Asterisk plays, not part of its generated config.
  const changes = resourceChanges(deps.change, { entity: 'prompt', event: 'prompt.changed', config: false });
  const usages: ((promptId: number) => PromptUse[])[] = [];

  const fileOf = (id: number) => path.join(deps.hostDir, `${id}.wav`);
  const usedBy = (id: number) => usages.flatMap((u) => u(id));
  const view = (p: Prompt): PromptView => {
    const { ttsHash: _hash, ...rest } = withIsoTimes(p);
    return { ...rest, playback: `${deps.asteriskDir}/${p.id}`, usedBy: usedBy(p.id) };
  };
  const mustGet = mustFind(store.get, 'prompt');

  /** Duration of converted audio, refused when empty or too long. */
  const checkedDuration = async (file: string, field: string) => {
    let seconds: number;
    try {
      seconds = await tools.duration(file);
    } catch (err) {
      throw validation(field, `unreadable audio: ${(err as Error).message}`);
    }
    if (seconds < MIN_SECONDS) throw validation(field, 'audio is empty (0 s)');
    if (seconds > MAX_DURATION_SECONDS)
      throw validation(field, `audio is ${Math.round(seconds)} s long; at most ${MAX_DURATION_SECONDS} s`);
    return seconds;
  };

  /**
   * Copies converted audio next to its final place, then inserts the row and
   * renames the file to <id>.wav in one transaction: no row without its file.
   */
  const install = async (
    converted: string,
    seconds: number,
    meta: {
      name: string;
      kind: Prompt['kind'];
      language: PromptLanguage;
      text: string | null;
      ttsHash: string | null;
    },
    actor: Actor,
  ): Promise<Prompt> => {
    // staged next to its final name: the rename inside the transaction cannot fail for space
    const audio = readFileSync(converted);
    const incoming = stageFile(deps.hostDir, audio);
    try {
      const sizeBytes = audio.byteLength;
      const now = Date.now();
      const id = await changes.create(actor, { ...meta, sizeBytes }, () => {
        const id = store.insert({ ...meta, durationMs: Math.round(seconds * 1000), sizeBytes }, now);
        incoming.commit(fileOf(id));
        return id;
      });
      return mustGet(id);
    } finally {
      incoming.discard();
    }
  };

  const withTemp = async <T>(fn: (dir: string) => Promise<T>): Promise<T> => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hotline-prompt-'));
    try {
      return await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  return {
    view,

    list: (q) => mapPage(store.page(q, { kind: q.kind, language: q.language }), view),

    get: (id: number) => mustGet(id),

    exists: (id: number) => store.get(id) !== undefined,

    playbackPath: (id) => `${deps.asteriskDir}/${id}`,

    registerUsage(fn) {
      usages.push(fn);
    },

    async audio(id) {
      mustGet(id);
      try {
        return await readFile(fileOf(id));
      } catch {
        throw notFound('prompt audio');
      }
    },

    async upload(body, declared, meta, actor) {
      if (body.length === 0) throw validation('body', 'audio body is empty');
      const sniffed = sniffAudio(body);
      if (sniffed === null) throw validation('body', 'body is not a WAV or MP3 file');
      if (sniffed !== declared)
        throw validation('body', `body looks like ${sniffed} but Content-Type says ${declared}`);
      if (!(await tools.canDecode(declared))) {
        throw validation(
          'body',
          `${declared} cannot be decoded on this box: sox lacks its ${declared} handler (Debian libsox-fmt-mp3); upload WAV`,
        );
      }
      return withTemp(async (dir) => {
        const input = path.join(dir, `in.${declared}`);
        const output = path.join(dir, 'out.wav');
        writeFileSync(input, body);
        // the header's claim first: a 3-hour file is refused before sox converts it
        await checkedDuration(input, 'body');
        try {
          await tools.convert(input, declared, output);
        } catch (err) {
          throw validation('body', `unreadable audio: ${(err as Error).message}`);
        }
        const seconds = await checkedDuration(output, 'body');
        return install(output, seconds, { ...meta, kind: 'upload', text: null, ttsHash: null }, actor);
      });
    },

    async synthesize(input, actor) {
      const voice = VOICES[input.language];
      const hash = createHash('sha256').update(`${voice}\0${input.text}`).digest('hex');
      const cachedFile = path.join(deps.cacheDir, `${hash}.wav`);
      const cached = existsSync(cachedFile);
      if (!cached) {
        await withTemp(async (dir) => {
          const raw = path.join(dir, 'tts.wav');
          const out = path.join(dir, 'out.wav');
          try {
            await tools.synthesize(voice, input.text, raw);
            await tools.convert(raw, 'wav', out);
          } catch (err) {
            throw new AppError('validation', `speech synthesis failed: ${(err as Error).message}`, {
              field: 'text',
            });
          }
          await checkedDuration(out, 'text');
          writeAtomic(cachedFile, await readFile(out));
        });
      }
      const seconds = await checkedDuration(cachedFile, 'text');
      const prompt = await install(
        cachedFile,
        seconds,
        { name: input.name, kind: 'tts', language: input.language, text: input.text, ttsHash: hash },
        actor,
      );
      return { prompt, cached };
    },

    async rename(id, name, actor) {
      const before = mustGet(id);
      const now = Date.now();
      return changes.change({
        actor,
        action: 'update',
        id,
        before,
        mutate: () => {
          mustGet(id);
          store.rename(id, name, now);
          return mustGet(id);
        },
        after: (after) => after,
      });
    },

    async remove(id, actor) {
      const before = mustGet(id);
      await changes.remove(actor, before, () => {
        mustGet(id);
        const users = usedBy(id);
        if (users.length) {
          const list = users.map((u) => `${u.type} ${u.id} "${u.name}"`).join(', ');
          throw new AppError('conflict', `prompt ${id} is in use by ${list}`, {
            details: { usedBy: users },
          });
        }
        store.remove(id);
      });
      rmSync(fileOf(id), { force: true });
    },
  };
}
