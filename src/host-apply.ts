#!/usr/bin/env node
/**
 * The appliance's root helper for host settings (appliance/hotline-host-apply.*):
 * hotlined, unprivileged, leaves `request.json` in its host directory; this
 * checks it again against the same schema (nothing unchecked reaches /etc),
 * writes the system's files, tells hostname, networkd, timedated and
 * timesyncd, and answers in `applied.json` with the request's id.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writeAtomic } from './fs/write-atomic.js';
import { writeHostFiles } from './host/apply.js';
import { HostConfig } from './host/schema.js';

async function main() {
  const dir = process.argv[2] ?? '/var/lib/hotline/host';
  let id: unknown = null;
  let answer: { ok: boolean; error?: string };
  try {
    const request = JSON.parse(readFileSync(path.join(dir, 'request.json'), 'utf8'));
    id = request.id;
    const config = HostConfig.parse(request.config);
    await writeHostFiles('/', config, { commands: true });
    answer = { ok: true };
  } catch (err) {
    answer = { ok: false, error: (err as Error).message.slice(0, 500) };
  }
  // readable by hotlined (group), like the request it answers
  writeAtomic(path.join(dir, 'applied.json'), `${JSON.stringify({ id, ...answer })}\n`, 0o640);
  console.log(`hotline-host-apply: ${answer.ok ? 'applied' : `refused: ${answer.error}`}`);
}

main();
