/**
 * sox and espeak-ng, run as child processes with argument arrays (never a
 * shell) and a timeout. Everything Asterisk plays from us is 8 kHz mono
 * 16-bit signed PCM WAV: format_wav reads it natively, with no transcoding
 * at call time beyond the channel's codec.
 */
import { execFile } from 'node:child_process';

export const SOX = '/usr/bin/sox';
export const ESPEAK = '/usr/bin/espeak-ng';
const TIMEOUT_MS = 60_000;

export type Voice = 'cmn' | 'en';
export type AudioType = 'wav' | 'mp3';

export interface AudioTools {
  /** Converts `input` (of `type`) into Asterisk's WAV at `output`. Rejects unreadable input. */
  convert(input: string, type: AudioType, output: string): Promise<void>;
  /** Duration in seconds of a file sox can read (type from its name's extension); rejects when it cannot. */
  duration(file: string): Promise<number>;
  /** Speaks `text` into a WAV file (espeak-ng's own rate; convert afterwards). */
  synthesize(voice: Voice, text: string, output: string): Promise<void>;
  /** Whether sox on this box can decode MP3 (Debian's libsox-fmt-mp3). */
  canDecode(type: AudioType): Promise<boolean>;
}

export class ToolError extends Error {}

function run(cmd: string, args: string[], timeoutMs = TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { timeout: timeoutMs, maxBuffer: 1024 * 1024, killSignal: 'SIGKILL', shell: false },
      (err, stdout, stderr) => {
        if (err) {
          const why = String(stderr).trim().split('\n').pop() || err.message;
          reject(new ToolError(`${cmd.split('/').pop()}: ${why}`));
        } else resolve(String(stdout));
      },
    );
  });
}

export function createAudioTools(
  opts: { sox?: string; espeak?: string; timeoutMs?: number } = {},
): AudioTools {
  const sox = opts.sox ?? SOX;
  const espeak = opts.espeak ?? ESPEAK;
  const timeout = opts.timeoutMs ?? TIMEOUT_MS;
  let formats: Promise<Set<string>> | undefined;

  return {
    async convert(input, type, output) {
      // --no-glob: a file name is a name; -V1: errors only
      await run(
        sox,
        [
          '--no-glob',
          '-V1',
          '-t',
          type,
          input,
          '-r',
          '8000',
          '-c',
          '1',
          '-b',
          '16',
          '-e',
          'signed-integer',
          '-t',
          'wav',
          output,
        ],
        timeout,
      );
    },

    async duration(file) {
      // soxi mode: '--i' must come first and takes no --no-glob (our file names never hold wildcards)
      const out = await run(sox, ['--i', '-D', file], timeout);
      const seconds = Number(out.trim());
      if (!Number.isFinite(seconds))
        throw new ToolError(`sox: unreadable duration ${JSON.stringify(out.slice(0, 40))}`);
      return seconds;
    },

    async synthesize(voice, text, output) {
      // `--` ends the options: text that starts with "-" is still text.
      await run(espeak, ['-v', voice, '-w', output, '--', text], timeout);
    },

    canDecode(type) {
      formats ??= run(sox, ['-h'], timeout)
        .then((help) => {
          const line = help.split('\n').find((l) => l.startsWith('AUDIO FILE FORMATS:')) ?? '';
          return new Set(line.slice('AUDIO FILE FORMATS:'.length).trim().split(/\s+/));
        })
        .catch(() => new Set<string>());
      return formats.then((f) => f.has(type));
    },
  };
}

/** What the body claims to be, from its first bytes (RIFF/WAVE; ID3 tag or an MPEG frame sync). */
export function sniffAudio(buf: Buffer): AudioType | null {
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WAVE')
    return 'wav';
  if (buf.length >= 3 && buf.toString('latin1', 0, 3) === 'ID3') return 'mp3';
  if (buf.length >= 2 && buf[0] === 0xff && ((buf[1] ?? 0) & 0xe0) === 0xe0) return 'mp3';
  return null;
}
