/** Audio fixtures and measurements made with sox, the tool the box itself uses. */
import { execFileSync, spawnSync } from 'node:child_process';
import { SOX } from '../../src/prompts/audio.js';

/** The box's prompt format (what src/prompts/audio.ts converts to): 8 kHz mono 16-bit. */
export const PROMPT_FORMAT = ['-r', '8000', '-c', '1', '-b', '16'];

/** A WAV made by sox from nothing: `sox -n <format> <file> <effects>`, e.g. `['synth', '1', 'sine', '440']`. */
export function soxWav(file: string, effects: string[], format: string[] = PROMPT_FORMAT): string {
  execFileSync(SOX, ['-n', ...format, file, ...effects]);
  return file;
}

/**
 * A figure of `sox <file> -n <effects> stat` (which prints them on stderr),
 * e.g. `RMS amplitude`; `effects` first filter the sound (`['sinc', '900-1100']`).
 */
function soxStat(file: string, name: string, effects: string[] = []): number {
  const r = spawnSync(SOX, [file, '-n', ...effects, 'stat'], { encoding: 'utf8' });
  const out = `${r.stdout}${r.stderr}`;
  const m = new RegExp(`${name.replace(' ', '\\s+')}:\\s+([0-9.]+)`).exec(out);
  if (!m?.[1]) throw new Error(`no ${name} in sox stat output: ${out}`);
  return Number(m[1]);
}

/** RMS amplitude (full scale 1), of the whole file or of what `effects` leave of it. */
export const rms = (file: string, effects: string[] = []): number => soxStat(file, 'RMS amplitude', effects);

/** RMS amplitude of the band within `width` Hz around `hz` only (a sinc band-pass): one tone of a mix. */
export const toneRms = (file: string, hz: number, width = 100): number =>
  rms(file, ['sinc', `${hz - width / 2}-${hz + width / 2}`]);

/** sox's rough estimate of the dominant frequency, in Hz. */
export const roughFrequency = (file: string): number => soxStat(file, 'Rough frequency');
