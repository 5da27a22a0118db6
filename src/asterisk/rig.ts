/**
 * Rig instances with their roles: the box (Hotline's own Asterisk, on the
 * shipped base configuration) and the phones/carrier peer. Development and
 * tests only.
 */
import path from 'node:path';
import { randomSecret } from '../secrets.js';
import { readBaseTemplates, renderBaseConfig } from './base-config.js';
import { type AsteriskInstance, dirVars, freePorts, instanceDirs, startInstance } from './sandbox.js';

export interface BoxInstance extends AsteriskInstance {
  ports: { ami: number; http: number; sip: number };
  ami: { username: string; secret: string };
  ari: { username: string; password: string };
  /** Host paths hotlined needs (its settings.asterisk block). */
  paths: { confDir: string; cdrSpool: string; queueLog: string };
}

export async function startBox(opts: { root: string; runId: string; name?: string }): Promise<BoxInstance> {
  const name = opts.name ?? 'box';
  const [ami, http, sip, rtp] = await freePorts(4);
  const dirs = instanceDirs(opts.root, opts.runId, name);
  const creds = {
    ami: { username: 'hotlined', secret: randomSecret() },
    ari: { username: 'hotlined', password: randomSecret() },
  };
  const files = renderBaseConfig(readBaseTemplates(), {
    ...dirVars(dirs),
    AMI_PORT: ami!,
    AMI_USER: creds.ami.username,
    AMI_SECRET: creds.ami.secret,
    HTTP_PORT: http!,
    ARI_USER: creds.ari.username,
    ARI_PASSWORD: creds.ari.password,
    SIP_BIND: '127.0.0.1',
    SIP_PORT: sip!,
    RTP_START: rtp! - (rtp! % 2),
    RTP_END: rtp! + 200,
  });
  const inst = await startInstance({ root: opts.root, runId: opts.runId, name, files });
  return Object.assign(inst, {
    ports: { ami: ami!, http: http!, sip: sip! },
    ...creds,
    paths: {
      confDir: path.join(opts.root, dirs.etc),
      cdrSpool: path.join(opts.root, dirs.log, 'master.db'),
      queueLog: path.join(opts.root, dirs.log, 'queue_log'),
    },
  });
}
