/**
 * A GSM modem on a pseudo-terminal pair for tests: `socat` joins two ptys,
 * hotlined opens one end (the "modem") through serialport, this simulator
 * answers AT commands on the other. It keeps the SMS-SUBMIT PDUs it was
 * given, answers +CMGS with a message reference, and can send a status
 * report (+CDS) or announce an incoming SMS (+CMTI, then +CMGR). Its PDUs
 * are built here by hand, apart from the code under test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';

export interface Socat {
  modemPath: string;
  simPath: string;
  stop(): Promise<void>;
}

/** Starts `socat` with two linked ptys; resolves once both links exist. */
export async function startSocat(dir: string): Promise<Socat> {
  const modemPath = `${dir}/modem`;
  const simPath = `${dir}/sim`;
  const child: ChildProcess = spawn(
    'socat',
    [`pty,raw,echo=0,link=${modemPath}`, `pty,raw,echo=0,link=${simPath}`],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  for (let i = 0; i < 100 && !(existsSync(modemPath) && existsSync(simPath)); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!existsSync(modemPath)) throw new Error('socat did not make its ptys');
  return {
    modemPath,
    simPath,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const bcd = (digits: string) => (digits.length % 2 ? `${digits}F` : digits).replace(/(.)(.)/g, '$2$1');
const address = (number: string) =>
  number.length.toString(16).padStart(2, '0') +
  (number.startsWith('+') ? '91' : '81') +
  bcd(number.replace('+', ''));
const TIMESTAMP = '62102111000023'; // 2026-12-11 00:00:32 UTC+8 as swapped semi-octets

export class ModemSim {
  /** AT+CMGS PDUs as the modem received them (hex, in order). */
  readonly submitted: { pdu: string; reference: number }[] = [];
  readonly commands: string[] = [];
  private port: SerialPort;
  private buffer = '';
  private cmgsLength: number | undefined;
  private nextReference = 40;
  private stored = new Map<number, string>();

  private constructor(port: SerialPort) {
    this.port = port;
    port.on('data', (d: Buffer) => this.onData(d.toString('latin1')));
  }

  static async open(path: string): Promise<ModemSim> {
    const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    return new ModemSim(port);
  }

  async close(): Promise<void> {
    if (this.port.isOpen) await new Promise<void>((r) => this.port.close(() => r()));
  }

  /** A status report for a message reference (status 0: received by the phone). */
  report(reference: number, recipient: string, status = 0): void {
    const tpdu = `06${reference.toString(16).padStart(2, '0')}${address(recipient)}${TIMESTAMP}${TIMESTAMP}${status.toString(16).padStart(2, '0')}`;
    this.write(`\r\n+CDS: ${tpdu.length / 2}\r\n00${tpdu}\r\n`);
  }

  /** An SMS from `from` lands on the SIM (UCS2 text): announced with +CMTI. */
  deliver(from: string, text: string): void {
    const ud = Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase();
    const tpdu = `04${address(from)}0008${TIMESTAMP}${(ud.length / 2).toString(16).padStart(2, '0')}${ud}`;
    const index = this.stored.size + 1;
    this.stored.set(index, `+CMGR: 0,,${tpdu.length / 2}\r\n00${tpdu}`);
    this.write(`\r\n+CMTI: "SM",${index}\r\n`);
  }

  private write(s: string): void {
    this.port.write(s);
  }

  private onData(s: string): void {
    this.buffer += s;
    if (this.cmgsLength !== undefined) {
      const end = this.buffer.indexOf('\x1a');
      if (end < 0) return;
      const pdu = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1);
      this.cmgsLength = undefined;
      const reference = this.nextReference++;
      this.submitted.push({ pdu, reference });
      this.write(`\r\n+CMGS: ${reference}\r\n\r\nOK\r\n`);
    }
    let i = this.buffer.indexOf('\r');
    while (i >= 0 && this.cmgsLength === undefined) {
      const line = this.buffer.slice(0, i).trim();
      this.buffer = this.buffer.slice(i + 1);
      if (line) this.onCommand(line);
      i = this.buffer.indexOf('\r');
    }
  }

  private onCommand(c: string): void {
    this.commands.push(c);
    const ok = (...lines: string[]) => this.write(`${lines.map((l) => `\r\n${l}\r\n`).join('')}\r\nOK\r\n`);
    const cmgs = /^AT\+CMGS=(\d+)$/.exec(c);
    const cmgr = /^AT\+CMGR=(\d+)$/.exec(c);
    if (cmgs) {
      this.cmgsLength = Number(cmgs[1]);
      this.write('\r\n> ');
    } else if (cmgr) {
      const m = this.stored.get(Number(cmgr[1]));
      if (m) ok(m);
      else this.write('\r\n+CMS ERROR: 321\r\n');
    } else if (c === 'AT+CPIN?') ok('+CPIN: READY');
    else if (c === 'AT+CREG?') ok('+CREG: 0,1');
    else if (c === 'AT+CEREG?') ok('+CEREG: 0,1');
    else if (c === 'AT+CSQ') ok('+CSQ: 23,99');
    else if (c === 'AT+COPS?') ok('+COPS: 0,0,"CHINA MOBILE",7');
    else if (/^AT(E0|\+CMEE=1|\+CMGF=0|\+CNMI=.*|\+CMGD=\d+|\+CMGL=4)?$/.test(c)) ok();
    else this.write('\r\nERROR\r\n');
  }
}
