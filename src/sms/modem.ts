/**
 * The GSM/4G modem over its serial port: the AT protocol stays in here.
 * The rest of the box sees typed calls (`send`, `health`) and events
 * (`state`, `received`, `report`). A connection state machine: closed →
 * opening → ready, with a "should be open" flag so a deliberate stop never
 * reopens, capped backoff with jitter after the port closes or errors (a
 * USB modem unplugged), one AT command at a time, each with its own timer,
 * and every pending command rejected when the port goes away.
 */
import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import type { Logger } from '../log.js';
import { type DeliverPdu, decodePdu, type StatusReportPdu } from './pdu.js';

export type ModemState = 'stopped' | 'opening' | 'ready' | 'closed';

export interface ModemHealth {
  state: ModemState;
  since: number;
  /** Why it is not ready (the open error, a SIM not ready...), null when fine. */
  problem: string | null;
  simReady: boolean | null;
  /** CREG/CEREG: home, roaming, searching, denied, unregistered, unknown. */
  registration: string | null;
  /** CSQ 0..31 (99 unknown) and its dBm. */
  signal: { csq: number; dbm: number | null } | null;
  operator: string | null;
  checkedAt: number | null;
}

export interface ModemOptions {
  path: string;
  baudRate: number;
  log: Logger;
  /** Health poll period (also the dead-port check). */
  pollMs?: number;
  /** Reopen backoff: first delay and cap. */
  backoffMs?: { min: number; max: number };
  commandTimeoutMs?: number;
}

export interface ModemEvents {
  state: [ModemHealth];
  received: [DeliverPdu];
  report: [StatusReportPdu];
}

export class ConnectionLost extends Error {
  constructor() {
    super('modem connection lost');
  }
}

interface Pending {
  command: string;
  lines: string[];
  /** Called once the `> ` prompt shows (AT+CMGS). */
  onPrompt?: () => void;
  resolve(lines: string[]): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

const FINAL = /^(OK|ERROR|\+CMS ERROR: ?.*|\+CME ERROR: ?.*|NO CARRIER)$/;
const REG: Record<string, string> = {
  '0': 'unregistered',
  '1': 'home',
  '2': 'searching',
  '3': 'denied',
  '4': 'unknown',
  '5': 'roaming',
};

export class Modem extends EventEmitter<ModemEvents> {
  private port: SerialPort | undefined;
  private shouldRun = false;
  private buffer = '';
  private pending: Pending | undefined;
  private queue: (() => void)[] = [];
  private attempt = 0;
  private retry: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  /** The next line is the PDU of a +CDS report. */
  private cdsNext = false;
  private h: ModemHealth = {
    state: 'stopped',
    since: Date.now(),
    problem: null,
    simReady: null,
    registration: null,
    signal: null,
    operator: null,
    checkedAt: null,
  };

  constructor(private readonly o: ModemOptions) {
    super();
  }

  health(): ModemHealth {
    return { ...this.h };
  }

  start(): void {
    if (this.shouldRun) return;
    this.shouldRun = true;
    this.open();
  }

  async stop(): Promise<void> {
    this.shouldRun = false;
    clearTimeout(this.retry);
    clearInterval(this.poller);
    const port = this.port;
    this.port = undefined;
    this.failAll();
    if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
    this.setState('stopped', null);
  }

  /** Sends one SMS-SUBMIT PDU; resolves with the message reference (TP-MR) of +CMGS. */
  async sendPdu(pdu: string, tpduLength: number): Promise<number> {
    const lines = await this.command(`AT+CMGS=${tpduLength}`, 60_000, () => this.port?.write(`${pdu}\x1a`));
    const m = lines.map((l) => /^\+CMGS: ?(\d+)/.exec(l)).find(Boolean);
    if (!m) throw new Error('modem did not answer +CMGS');
    return Number(m[1]);
  }

  /** One AT command, after the ones before it; resolves with its lines (final OK left out). */
  command(
    command: string,
    timeoutMs = this.o.commandTimeoutMs ?? 10_000,
    onPrompt?: () => void,
  ): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const run = () => {
        if (!this.port?.isOpen) return reject(new ConnectionLost());
        const timer = setTimeout(() => {
          this.pending = undefined;
          reject(new Error(`${command}: no answer`));
          this.next();
        }, timeoutMs);
        this.pending = { command, lines: [], onPrompt, resolve, reject, timer };
        this.o.log.trace({ at: command }, 'modem <');
        this.port.write(`${command}\r`);
      };
      this.queue.push(run);
      if (!this.pending && this.queue.length === 1) this.next();
    });
  }

  private next(): void {
    if (this.pending) return;
    this.queue.shift()?.();
  }

  private open(): void {
    if (!this.shouldRun) return;
    this.setState('opening', this.h.problem);
    const port = new SerialPort({ path: this.o.path, baudRate: this.o.baudRate, autoOpen: false });
    this.port = port;
    port.on('data', (d: Buffer) => this.onData(d.toString('latin1')));
    port.on('error', (err) => this.lost(port, err.message));
    port.on('close', () => this.lost(port, 'port closed'));
    port.open((err) => {
      if (err) return this.lost(port, err.message);
      this.init().catch((e: Error) => this.lost(port, e.message));
    });
  }

  private async init(): Promise<void> {
    this.buffer = '';
    for (const c of ['AT', 'ATE0', 'AT+CMEE=1', 'AT+CMGF=0', 'AT+CNMI=2,1,0,1,0']) await this.command(c);
    this.attempt = 0;
    await this.poll();
    clearInterval(this.poller);
    this.poller = setInterval(() => {
      this.poll().catch(() => {
        // a poll without an answer: the port is gone without saying so; reopen it
        if (this.port) this.lost(this.port, 'modem does not answer');
      });
    }, this.o.pollMs ?? 30_000);
    this.poller.unref();
    // messages stored on the SIM while we were away
    this.command('AT+CMGL=4', 20_000)
      .then((lines) => this.onStored(lines))
      .catch(() => undefined);
  }

  /** SIM, registration, signal and operator: the health the console and the banner show. */
  async poll(): Promise<ModemHealth> {
    const value = async (cmd: string, prefix: string): Promise<string | null> => {
      try {
        const line = (await this.command(cmd)).find((l) => l.startsWith(prefix));
        return line ? line.slice(prefix.length).trim() : null;
      } catch (err) {
        if (err instanceof ConnectionLost || /no answer/.test(String(err))) throw err;
        return null; // ERROR: the modem has no such command (CEREG on a 2G modem)
      }
    };
    const pin = await value('AT+CPIN?', '+CPIN:');
    const creg = await value('AT+CREG?', '+CREG:');
    const cereg = await value('AT+CEREG?', '+CEREG:');
    const csq = await value('AT+CSQ', '+CSQ:');
    const cops = await value('AT+COPS?', '+COPS:');
    const stat = (v: string | null) =>
      v === null ? null : (REG[v.split(',')[1]?.trim() ?? ''] ?? 'unknown');
    const regs = [stat(creg), stat(cereg)].filter((x): x is string => x !== null);
    const registration = regs.find((r) => r === 'home' || r === 'roaming') ?? regs[0] ?? null;
    const rssi = csq === null ? null : Number(csq.split(',')[0]);
    Object.assign(this.h, {
      simReady: pin === null ? null : pin === 'READY',
      registration,
      signal: rssi === null ? null : { csq: rssi, dbm: rssi === 99 ? null : -113 + 2 * rssi },
      operator: cops === null ? null : (/"([^"]*)"/.exec(cops)?.[1] ?? null),
      checkedAt: Date.now(),
    });
    const problem =
      this.h.simReady === false
        ? `SIM not ready (${pin})`
        : registration !== 'home' && registration !== 'roaming'
          ? `not registered (${registration ?? 'unknown'})`
          : null;
    this.setState('ready', problem, true);
    return this.health();
  }

  private onData(s: string): void {
    this.buffer += s;
    // the CMGS prompt is "> " with no line end
    if (this.pending?.onPrompt && /(^|\r\n)> ?$/.test(this.buffer)) {
      this.buffer = '';
      const f = this.pending.onPrompt;
      this.pending.onPrompt = undefined;
      f();
      return;
    }
    let i = this.buffer.search(/\r?\n|\r/);
    while (i >= 0) {
      const eol = /\r?\n|\r/.exec(this.buffer.slice(i))![0].length;
      const line = this.buffer.slice(0, i).trim();
      this.buffer = this.buffer.slice(i + eol);
      if (line) this.onLine(line);
      i = this.buffer.search(/\r?\n|\r/);
    }
  }

  private onLine(line: string): void {
    this.o.log.trace({ at: line }, 'modem >');
    if (this.cdsNext) {
      this.cdsNext = false;
      this.onPdu(line);
      return;
    }
    if (line.startsWith('+CDS:')) {
      this.cdsNext = true; // +CDS: <length> then the report's PDU on its own line (CNMI ds=1)
      return;
    }
    const stored = /^\+(CMTI|CDSI): ?"?(\w+)"?,(\d+)/.exec(line);
    if (stored) {
      const index = Number(stored[3]);
      this.command(`AT+CMGR=${index}`)
        .then((lines) => {
          this.onStored(lines);
          return this.command(`AT+CMGD=${index}`);
        })
        .catch((err) => this.o.log.warn({ err, index }, 'could not read a stored SMS'));
      return;
    }
    const p = this.pending;
    if (!p) return;
    if (line === p.command) return; // the echo before ATE0
    if (FINAL.test(line)) {
      clearTimeout(p.timer);
      this.pending = undefined;
      if (line === 'OK') p.resolve(p.lines);
      else p.reject(new Error(`${p.command}: ${line}`));
      this.next();
      return;
    }
    p.lines.push(line);
  }

  /** +CMGR / +CMGL answers: a header line then the PDU line. */
  private onStored(lines: string[]): void {
    for (let i = 0; i < lines.length; i++) {
      if (/^\+CMG[RL]:/.test(lines[i]!) && lines[i + 1]) this.onPdu(lines[++i]!);
    }
  }

  private onPdu(hex: string): void {
    try {
      const pdu = decodePdu(hex);
      if (pdu.type === 'deliver') this.emit('received', pdu);
      else this.emit('report', pdu);
    } catch (err) {
      this.o.log.warn({ err, pdu: hex }, 'undecodable PDU from the modem');
    }
  }

  private lost(port: SerialPort, why: string): void {
    if (port !== this.port) return; // an old port's late close
    this.port = undefined;
    clearInterval(this.poller);
    port.removeAllListeners();
    port.on('error', () => undefined);
    if (port.isOpen) port.close(() => undefined);
    this.failAll();
    if (!this.shouldRun) return;
    this.setState('closed', why);
    const { min, max } = this.o.backoffMs ?? { min: 1000, max: 30_000 };
    const delay = Math.min(max, min * 2 ** this.attempt++) * (0.75 + Math.random() * 0.5);
    this.retry = setTimeout(() => this.open(), delay);
    this.retry.unref();
  }

  private failAll(): void {
    const p = this.pending;
    this.pending = undefined;
    if (p) {
      clearTimeout(p.timer);
      p.reject(new ConnectionLost());
    }
    const q = this.queue;
    this.queue = [];
    for (const run of q) run(); // each rejects: the port is gone
    this.cdsNext = false;
  }

  private setState(state: ModemState, problem: string | null, force = false): void {
    if (!force && state === this.h.state && problem === this.h.problem) return;
    const changed = state !== this.h.state || problem !== this.h.problem;
    if (state !== this.h.state) this.h.since = Date.now();
    this.h.state = state;
    this.h.problem = problem;
    if (state !== 'ready') {
      this.h.registration = null;
      this.h.signal = null;
    }
    if (changed || force) this.emit('state', this.health());
  }
}
