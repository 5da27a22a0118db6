/**
 * Rig instances with their roles: the box (Hotline's own Asterisk, on the
 * shipped base configuration) and the phones/carrier peer. Development and
 * tests only.
 */
import path from 'node:path';
import { randomSecret } from '../src/secrets.js';
import { readBaseTemplates, renderBaseConfig } from '../src/asterisk/base-config.js';
import {
  type AsteriskInstance,
  dirVars,
  freePorts,
  type InstanceDirs,
  instanceDirs,
  startInstance,
} from './sandbox.js';

export interface BoxInstance extends AsteriskInstance {
  ports: { ami: number; http: number; sip: number };
  ami: { username: string; secret: string };
  ari: { username: string; password: string };
  /** Host paths hotlined needs (its settings.asterisk block). */
  paths: { confDir: string; cdrSpool: string; queueLog: string };
}

/** A rig instance before it starts: its directories, free ports, fresh credentials and base config. */
export interface InstancePlan {
  dirs: InstanceDirs;
  ports: { ami: number; http: number; sip: number };
  ami: { username: string; secret: string };
  ari: { username: string; password: string };
  /** The shipped base configuration rendered for this instance; roles replace files as they need. */
  files: Map<string, string>;
}

export async function planInstance(opts: {
  root: string;
  runId: string;
  name: string;
  user: string;
  sipBind?: string;
}): Promise<InstancePlan> {
  const [ami, http, sip, rtp] = (await freePorts(4)) as [number, number, number, number];
  const dirs = instanceDirs(opts.root, opts.runId, opts.name);
  const creds = {
    ami: { username: opts.user, secret: randomSecret() },
    ari: { username: opts.user, password: randomSecret() },
  };
  const rtpStart = rtp - (rtp % 2); // Asterisk wants an even RTP start
  const files = renderBaseConfig(readBaseTemplates(), {
    ...dirVars(dirs),
    AMI_PORT: ami,
    AMI_USER: creds.ami.username,
    AMI_SECRET: creds.ami.secret,
    HTTP_PORT: http,
    ARI_USER: creds.ari.username,
    ARI_PASSWORD: creds.ari.password,
    SIP_BIND: opts.sipBind ?? '127.0.0.1',
    SIP_PORT: sip,
    RTP_START: rtpStart,
    // two RTP sessions (even port + RTCP) per bridged call on the box: room for ~500 calls;
    // ranges of instances may overlap, Asterisk skips ports already bound
    RTP_END: Math.min(rtpStart + 2000, 65534),
  });
  return { dirs, ports: { ami, http, sip }, ...creds, files };
}

export async function startBox(opts: { root: string; runId: string; name?: string }): Promise<BoxInstance> {
  const plan = await planInstance({ ...opts, name: opts.name ?? 'box', user: 'hotlined' });
  const { dirs } = plan;
  const inst = await startInstance({
    root: opts.root,
    runId: opts.runId,
    name: opts.name ?? 'box',
    files: plan.files,
  });
  return Object.assign(inst, {
    ports: plan.ports,
    ami: plan.ami,
    ari: plan.ari,
    paths: {
      confDir: path.join(opts.root, dirs.etc),
      cdrSpool: path.join(opts.root, dirs.log, 'master.db'),
      queueLog: path.join(opts.root, dirs.log, 'queue_log'),
    },
  });
}
