/** The appliance image booted in QEMU, headless: serial console to a file, user-mode network with forwarded ports. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** OVMF (UEFI firmware for QEMU) as Debian's ovmf package installs it. */
const OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd';
const OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd';

export type Accel = 'kvm' | 'tcg';

/** KVM when this machine can give it to us; TCG (software emulation, many times slower) otherwise. */
export function availableAccel(): Accel {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return 'kvm';
  } catch {
    return 'tcg';
  }
}

export interface Vm {
  accel: Accel;
  /** Host ports forwarded to the guest's, by guest port ("tcp:443", "udp:5060"). */
  ports: Record<string, number>;
  /** Everything the guest wrote on its serial console so far. */
  serial(): string;
  /** Resolves with the first match of `re` on the serial console, or rejects after `timeoutMs`. */
  waitSerial(re: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Boots `image` (qcow2) through a throw-away overlay, so every boot is a
 * first boot and the image stays untouched.
 */
export async function bootVm(opts: {
  image: string;
  forward: string[];
  memoryMb?: number;
  accel?: Accel;
}): Promise<Vm> {
  const accel = opts.accel ?? availableAccel();
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-vm-'));
  const overlay = path.join(dir, 'disk.qcow2');
  execFileSync('qemu-img', [
    'create',
    '-q',
    '-f',
    'qcow2',
    '-F',
    'qcow2',
    '-b',
    path.resolve(opts.image),
    overlay,
  ]);
  const vars = path.join(dir, 'vars.fd');
  copyFileSync(OVMF_VARS, vars);
  const serialFile = path.join(dir, 'serial.log');
  const ports: Record<string, number> = {};
  const hostfwd: string[] = [];
  for (const f of opts.forward) {
    const [proto, guest] = f.split(':');
    const port = await freePort();
    ports[f] = port;
    hostfwd.push(`hostfwd=${proto}:127.0.0.1:${port}-:${guest}`);
  }
  const args = [
    '-machine',
    `q35,accel=${accel}`,
    '-cpu',
    accel === 'kvm' ? 'host' : 'max',
    '-smp',
    '2',
    '-m',
    String(opts.memoryMb ?? 2048),
    '-display',
    'none',
    '-monitor',
    'none',
    '-serial',
    `file:${serialFile}`,
    '-drive',
    `if=pflash,format=raw,readonly=on,file=${OVMF_CODE}`,
    '-drive',
    `if=pflash,format=raw,file=${vars}`,
    '-drive',
    `if=virtio,format=qcow2,file=${overlay}`,
    '-nic',
    ['user', 'model=virtio-net-pci', ...hostfwd].join(','),
  ];
  const qemu: ChildProcess = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  qemu.stderr?.on('data', (d) => {
    stderr += d;
  });
  let exited = false;
  qemu.once('exit', () => {
    exited = true;
  });
  const serial = () => {
    try {
      return readFileSync(serialFile, 'utf8');
    } catch {
      return '';
    }
  };
  return {
    accel,
    ports,
    serial,
    async waitSerial(re, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = re.exec(serial());
        if (m) return m;
        if (exited) throw new Error(`QEMU exited: ${stderr.trim()}`);
        if (Date.now() > deadline) throw new Error(`no ${re} on the serial console after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    },
    async stop() {
      if (!exited) {
        qemu.kill('SIGTERM');
        await new Promise((r) => qemu.once('exit', r));
      }
      if (process.env.HOTLINE_VM_KEEP) process.stderr.write(`VM files kept in ${dir}\n`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}
