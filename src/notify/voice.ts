import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Ami } from '../asterisk/ami.js';
import { queueContext } from '../destinations/compile.js';
import { writeAtomic } from '../fs/write-atomic.js';
import { originateRouted } from '../outbound/originate.js';
import type { AudioTools } from '../prompts/audio.js';
import { NOTIFY_CONTEXT } from './confgen.js';

/** Seconds the customer's phone rings before the call counts as not answered. */
export const RING_SECONDS = 30;

/** The call's own channel: the desk finds the notification behind a queue caller by it. */
export const notifyChannelId = (actionId: number): string => `notify-${actionId}`;
export const actionOfChannel = (uniqueid: string): number | null => {
  const m = /^notify-([0-9]{1,15})(;2)?$/.exec(uniqueid);
  return m ? Number(m[1]) : null;
};

export interface VoiceDeps {
  ami: Ami;
  audio: AudioTools;
  /** The notify prompts' directory as hotlined writes it, and as Asterisk reads it. */
  hostDir: string;
  asteriskDir: string;
}

/**
 * One voice notification: the message spoken by espeak-ng (Mandarin) and
 * made 8 kHz like every prompt, then the call placed through the outbound
 * routes into the confirmation dialplan.
 */
export async function placeVoiceCall(
  deps: VoiceDeps,
  call: { actionId: number; number: string; speech: string; queueId: number | null },
): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-notify-'));
  try {
    const raw = path.join(dir, 'tts.wav');
    const out = path.join(dir, 'out.wav');
    await deps.audio.synthesize('cmn', call.speech, raw);
    await deps.audio.convert(raw, 'wav', out);
    writeAtomic(path.join(deps.hostDir, `${call.actionId}.wav`), readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await originateRouted(deps.ami, {
    number: call.number,
    context: NOTIFY_CONTEXT,
    exten: String(call.actionId),
    channelId: notifyChannelId(call.actionId),
    // a notification goes as far as a national call: never abroad, never premium
    classRank: 2,
    ringSeconds: RING_SECONDS,
    variables: {
      HOTLINE_NOTIFY_PROMPT: `${deps.asteriskDir}/${call.actionId}`,
      HOTLINE_NOTIFY_QUEUE: call.queueId === null ? '' : queueContext(call.queueId),
      HOTLINE_NOTIFY_NUMBER: call.number,
    },
  });
}

/** Removes a finished call's rendered message. */
export function removeVoiceFile(hostDir: string, actionId: number): void {
  rmSync(path.join(hostDir, `${actionId}.wav`), { force: true });
}
