import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { createAudioTools, sniffAudio } from '../../src/prompts/audio.js';

const dir = mkdtempSync(path.join(tmpdir(), 'hotline-audio-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const tools = createAudioTools();
const sox = (...args: string[]) => execFileSync('/usr/bin/sox', args);
const info = (file: string) => execFileSync('/usr/bin/sox', ['--i', file]).toString();

t.test('a 44.1 kHz stereo tone becomes 8 kHz mono 16-bit WAV of the same length', async (t) => {
  const tone = path.join(dir, 'tone.wav');
  const out = path.join(dir, 'tone-8k.wav');
  sox('-n', '-r', '44100', '-c', '2', tone, 'synth', '1', 'sine', '440');
  await tools.convert(tone, 'wav', out);
  const i = info(out);
  t.match(i, /Channels\s+: 1/);
  t.match(i, /Sample Rate\s+: 8000/);
  t.match(i, /16-bit Signed Integer PCM/);
  t.equal(Math.round((await tools.duration(out)) * 10) / 10, 1);
});

t.test(
  'espeak-ng speaks Mandarin and English, text passed as an argument (even a leading dash)',
  async (t) => {
    for (const [voice, text] of [
      ['cmn', '您好，欢迎致电客服中心'],
      ['en', '--help; rm -rf / $(reboot)'],
    ] as const) {
      const raw = path.join(dir, `tts-${voice}.wav`);
      await tools.synthesize(voice, text, raw);
      t.ok((await tools.duration(raw)) > 0.5, `${voice} speech has length`);
    }
  },
);

t.test('unreadable input is refused by sox, not guessed at', async (t) => {
  const bad = path.join(dir, 'bad.wav');
  execFileSync('/bin/sh', ['-c', `printf 'RIFF\\044\\000\\000\\000WAVEjunk' > ${bad}`]);
  await t.rejects(tools.duration(bad), /sox/);
  await t.rejects(tools.convert(bad, 'wav', path.join(dir, 'x.wav')), /sox/);
});

t.test('sniffing tells WAV from MP3 from anything else', async (t) => {
  const tone = path.join(dir, 'tone.wav');
  t.equal(sniffAudio(readFileSync(tone)), 'wav');
  t.equal(sniffAudio(Buffer.from('ID3\u0004\u0000')), 'mp3');
  t.equal(sniffAudio(Buffer.from([0xff, 0xfb, 0x90, 0x00])), 'mp3');
  t.equal(sniffAudio(Buffer.from('{"name":"x"}')), null);
  t.equal(sniffAudio(Buffer.alloc(0)), null);
});

t.test('the decoder list comes from sox itself', async (t) => {
  t.equal(await tools.canDecode('wav'), true);
  t.type(await tools.canDecode('mp3'), 'boolean');
});
