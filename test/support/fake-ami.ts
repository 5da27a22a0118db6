/**
 * A small AMI server on node:net that answers the way Asterisk 22 does
 * (banner, Login, Ping, Logoff, Command, EventList actions), for driving the
 * real client code path in unit tests. Its own parser is deliberately naive
 * and separate from the code under test.
 */
import net from 'node:net';
import { type Ami, type AmiOptions, createAmi } from '../../src/asterisk/ami.js';
import { createLogger } from '../../src/log.js';

export interface FakeAction {
  name: string;
  id: string;
  fields: Record<string, string>;
}

export interface FakeClient {
  write(raw: string | Buffer): void;
  readonly loggedIn: boolean;
}

/** Return true when the request was answered (or deliberately ignored). */
export type FakeHandler = (action: FakeAction, client: FakeClient) => boolean | undefined;

export interface FakeEndpoint {
  name: string;
  state: string;
}

export const BANNER = 'Asterisk Call Manager/9.0.0\r\n';

export type Pair = [string, string | number];

/** "Key: value" pairs → one frame, CRLF-terminated as Asterisk writes it. */
export function frame(...pairs: Pair[]): string {
  return pairs.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
}

/**
 * An EventList answer as Asterisk writes it: Success with `EventList: start`
 * and `message`, the item frames, then the `complete` event counting them
 * (`more` pairs after ListItems, as chan_dahdi adds Items).
 */
export function eventList(
  actionId: string,
  message: string,
  items: string[],
  complete: string,
  ...more: Pair[]
) {
  const id: Pair = ['ActionID', actionId];
  return (
    frame(['Response', 'Success'], id, ['EventList', 'start'], ['Message', message]) +
    items.join('') +
    frame(['Event', complete], id, ['EventList', 'Complete'], ['ListItems', items.length], ...more)
  );
}

interface Conn extends FakeClient {
  socket: net.Socket;
  silent: boolean;
  loggedIn: boolean;
  buf: string;
}

/** What the CLI prints for the commands hotlined sends, line by line. */
const CLI_OUTPUT: Record<string, string[]> = {
  'core show version': [
    'Asterisk 22.5.2 built by root @ hotline on a x86_64 running Linux on 2025-09-01 10:00:00 UTC',
  ],
  // the bridge waits for this before it announces asterisk.ready
  'core waitfullybooted': ['Asterisk has fully booted.'],
  'pjsip show contacts': [
    '',
    '  Contact:  <Aor/ContactUri..............................> <Hash....> <Status> <RTT(ms)..>',
    '==========================================================================================',
    '',
    'Objects found: 0',
  ],
};

export class FakeAmi {
  username = 'hotline';
  secret = 's3cret';
  endpoints: FakeEndpoint[] = [
    { name: '1001', state: 'Not in use' },
    { name: '1002', state: 'Unavailable' },
  ];
  /** TCP connections accepted, successful logins, failed logins. */
  connections = 0;
  logins = 0;
  failedLogins = 0;
  /** Every action received, unless `record` is false (the 10 000-action test). */
  received: FakeAction[] = [];
  record = true;

  private readonly clients = new Set<Conn>();
  private readonly handlers = new Map<string, FakeHandler>();
  private server: net.Server;

  private constructor(public port: number) {
    this.server = this.makeServer();
  }

  static async start(): Promise<FakeAmi> {
    const fake = new FakeAmi(0);
    await fake.listen();
    return fake;
  }

  /** Replace the answer to one action (case-insensitive name). */
  handle(name: string, fn: FakeHandler): void {
    this.handlers.set(name.toLowerCase(), fn);
  }

  /** Answer `name` with one frame: Response `response`, the request's ActionID, then `pairs`. */
  reply(name: string, response: 'Success' | 'Error', ...pairs: Pair[]): void {
    this.handle(name, (a, c) => {
      c.write(frame(['Response', response], ['ActionID', a.id], ...pairs));
      return true;
    });
  }

  /** Answer `name` with an EventList of the frames `items` makes for that request's ActionID pair. */
  handleList(
    name: string,
    message: string,
    complete: string,
    items: (id: Pair) => string[] = () => [],
  ): void {
    this.handle(name, (a, c) => {
      c.write(eventList(a.id, message, items(['ActionID', a.id]), complete));
      return true;
    });
  }

  /** Write raw bytes to every logged-in client (events, junk). */
  broadcast(raw: string | Buffer): void {
    for (const c of this.clients) if (c.loggedIn) c.socket.write(raw);
  }

  /** Current clients stop answering and stop sending, but keep the TCP session open: a dead peer. */
  goSilent(): void {
    for (const c of this.clients) c.silent = true;
  }

  /** Asterisk went away: close every client socket. */
  dropClients(): void {
    for (const c of this.clients) c.socket.destroy();
  }

  /** Stop listening and drop clients: nothing answers on the port (ECONNREFUSED). */
  async refuse(): Promise<void> {
    this.dropClients();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Listen again on the same port after refuse(). */
  async accept(): Promise<void> {
    this.server = this.makeServer();
    await this.listen();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  async close(): Promise<void> {
    this.dropClients();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private makeServer(): net.Server {
    // allowHalfOpen: a silent (dead) peer must not answer our FIN either.
    return net.createServer({ allowHalfOpen: true }, (socket) => {
      this.connections++;
      const conn: Conn = {
        socket,
        silent: false,
        loggedIn: false,
        buf: '',
        write: (raw) => {
          if (!conn.silent && !socket.destroyed) socket.write(raw);
        },
      };
      this.clients.add(conn);
      socket.setNoDelay(true);
      socket.on('error', () => {});
      socket.on('close', () => this.clients.delete(conn));
      socket.on('end', () => {
        if (!conn.silent) socket.end();
      });
      socket.on('data', (d) => this.onData(conn, d.toString('utf8')));
      socket.write(BANNER);
    });
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        const addr = this.server.address();
        if (addr && typeof addr === 'object') this.port = addr.port;
        resolve();
      });
    });
  }

  private onData(conn: Conn, text: string): void {
    if (conn.silent) return;
    conn.buf += text;
    for (let end = conn.buf.indexOf('\r\n\r\n'); end >= 0; end = conn.buf.indexOf('\r\n\r\n')) {
      const block = conn.buf.slice(0, end);
      conn.buf = conn.buf.slice(end + 4);
      const fields: Record<string, string> = {};
      for (const line of block.split('\r\n')) {
        const i = line.indexOf(': ');
        if (i > 0) fields[line.slice(0, i).toLowerCase()] ??= line.slice(i + 2);
      }
      const action: FakeAction = { name: fields['action'] ?? '', id: fields['actionid'] ?? '', fields };
      if (this.record) this.received.push(action);
      this.answer(action, conn);
    }
  }

  private answer(a: FakeAction, c: Conn): void {
    const name = a.name.toLowerCase();
    const custom = this.handlers.get(name);
    if (custom?.(a, c)) return;
    const id: [string, string] = ['ActionID', a.id];
    if (name === 'login') {
      if (a.fields['username'] === this.username && a.fields['secret'] === this.secret) {
        c.loggedIn = true;
        this.logins++;
        c.write(frame(['Response', 'Success'], id, ['Message', 'Authentication accepted']));
        c.write(
          frame(
            ['Event', 'FullyBooted'],
            ['Privilege', 'system,all'],
            ['Uptime', 3600],
            ['LastReload', 3600],
            ['Status', 'Fully Booted'],
          ),
        );
      } else {
        this.failedLogins++;
        // Asterisk answers, then ends the session (action_login returns -1).
        c.write(frame(['Response', 'Error'], id, ['Message', 'Authentication failed']));
        c.socket.end();
      }
      return;
    }
    if (!c.loggedIn) {
      c.write(frame(['Response', 'Error'], id, ['Message', 'Permission denied']));
      return;
    }
    switch (name) {
      case 'ping':
        c.write(frame(['Response', 'Success'], id, ['Ping', 'Pong'], ['Timestamp', '1700000000.123456']));
        return;
      case 'logoff':
        c.write(frame(['Response', 'Goodbye'], id, ['Message', 'Thanks for all the fish.']));
        c.socket.end();
        return;
      case 'command':
        c.write(this.command(a));
        return;
      case 'pjsipshowendpoints':
        c.write(this.endpointList(a.id));
        return;
      default:
        c.write(
          frame(['Response', 'Error'], id, [
            'Message',
            `Invalid/unknown command: ${a.name}. Use Action: ListCommands to show available commands.`,
          ]),
        );
    }
  }

  private command(a: FakeAction): string {
    const id: [string, string] = ['ActionID', a.id];
    const cmd = a.fields['command'] ?? '';
    const output = CLI_OUTPUT[cmd];
    if (output)
      return frame(
        ['Response', 'Success'],
        id,
        ['Message', 'Command output follows'],
        ...output.map((line): Pair => ['Output', line]),
      );
    return frame(
      ['Response', 'Error'],
      id,
      ['Message', 'Command output follows'],
      ['Output', `No such command '${cmd}' (type 'core show help ${cmd}' for other possible commands)`],
    );
  }

  /** PJSIPShowEndpoints as res_pjsip writes it, including its "No endpoints found" error. */
  private endpointList(actionId: string): string {
    const id: [string, string] = ['ActionID', actionId];
    if (this.endpoints.length === 0)
      return frame(['Response', 'Error'], id, ['Message', 'No endpoints found']);
    const items = this.endpoints.map((e) =>
      frame(
        ['Event', 'EndpointList'],
        id,
        ['ObjectType', 'endpoint'],
        ['ObjectName', e.name],
        ['Transport', 'transport-udp'],
        ['Aor', e.name],
        ['Auths', e.name],
        ['OutboundAuths', ''],
        ['DeviceState', e.state],
        ['ActiveChannels', ''],
      ),
    );
    return eventList(
      actionId,
      'A listing of Endpoints follows, presence and device state details are not yet reported',
      items,
      'EndpointListComplete',
    );
  }
}

/** Poll until `pred` holds; fails the test with `what` after `timeoutMs`. */
export async function waitFor(pred: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The real AMI client logged in to `fake` (silent log, no keepalive pings unless `opts` asks). */
export async function connectedAmi(fake: FakeAmi, opts: Partial<AmiOptions> = {}): Promise<Ami> {
  const ami = createAmi({
    host: '127.0.0.1',
    port: fake.port,
    username: fake.username,
    secret: fake.secret,
    log: createLogger('silent'),
    pingIntervalMs: 60_000,
    ...opts,
  });
  ami.start();
  await waitFor(() => ami.state === 'connected', 'AMI connected');
  return ami;
}
