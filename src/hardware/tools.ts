import { execFile } from 'node:child_process';
import path from 'node:path';
import type { Settings } from '../settings.js';

/**
 * Where the DAHDI world is on this host, and how its tools run. Injectable so
 * unit tests point detection at fixture sysfs trees and apply at a fake tool
 * runner: this development machine has no card and no /dev/dahdi.
 */
export interface HardwarePaths {
  /** The kernel's sysfs (shared by a chroot, so never under the Asterisk root). */
  sysRoot: string;
  /** /dev/dahdi: its `ctl` exists only when the DAHDI modules are loaded. */
  devDahdi: string;
  /** Host path of /etc/dahdi (system.conf, assigned-spans.conf, span-types.conf). */
  dahdiDir: string;
  /** Host path of the modprobe options file. */
  modprobeFile: string;
  /** Host path of Asterisk's log dir: mfcr2 call files (mfcr2/spanN) and our PRI debug files. */
  traceDir: string;
  /** How a tool sees a host path (a chroot in the rig, the same path on the appliance). */
  toolPath(hostPath: string): string;
}

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs dahdi_cfg, dahdi_scan, ...; never rejects (a missing tool is code 127). */
export type ToolRunner = (tool: string, args: string[]) => Promise<ToolResult>;

const TOOL_TIMEOUT_MS = 30_000;

export function systemToolRunner(toolRoot: string): ToolRunner {
  return (tool, args) =>
    new Promise((resolve) => {
      const [cmd, argv] = toolRoot === '/' ? [tool, args] : ['chroot', [toolRoot, tool, ...args]];
      execFile(cmd, argv, { timeout: TOOL_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: number | string }) | null;
        const code = e === null ? 0 : typeof e.code === 'number' ? e.code : e.code === 'ENOENT' ? 127 : 1;
        resolve({ code, stdout: String(stdout), stderr: String(stderr || e?.message || '') });
      });
    });
}

/**
 * The appliance's paths; in the rig (Asterisk root is a chroot) the DAHDI
 * files go next to the instance's Asterisk config so runs never share them.
 */
export function hardwarePaths(settings: Settings): HardwarePaths {
  const root = settings.asterisk.root;
  const onAppliance = root === '/';
  const dahdiDir = onAppliance ? '/etc/dahdi' : path.join(settings.asterisk.confDir, 'dahdi');
  return {
    sysRoot: '/sys',
    devDahdi: '/dev/dahdi',
    dahdiDir,
    modprobeFile: onAppliance
      ? '/etc/modprobe.d/hotline-dahdi.conf'
      : path.join(dahdiDir, 'modprobe-hotline-dahdi.conf'),
    // cdr_sqlite3_custom writes master.db into Asterisk's log dir
    traceDir: path.dirname(settings.asterisk.cdrSpool),
    toolPath: (p) => (onAppliance ? p : `/${path.relative(root, p)}`),
  };
}
