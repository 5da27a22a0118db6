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

/** RMS amplitude from `sox <file> -n stat` (which prints its figures on stderr). */
export function rms(file: string): number {
  const r = spawnSync(SOX, [file, '-n', 'stat'], { encoding: 'utf8' });
  const out = `${r.stdout}${r.stderr}`;
  const m = /RMS\s+amplitude:\s+([0-9.]+)/.exec(out);
  if (!m?.[1]) throw new Error(`no RMS amplitude in sox stat output: ${out}`);
  return Number(m[1]);
}
