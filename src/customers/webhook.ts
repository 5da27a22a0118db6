import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * The CRM webhook is an outgoing request to a URL an admin typed: without
 * care it reaches what only the box itself should (ARI on 127.0.0.1:8088,
 * the console, a cloud metadata service on 169.254.169.254). Refused:
 * loopback, link-local, unspecified, multicast, broadcast and the box's own
 * addresses, in any spelling (the WHATWG URL parser already turns
 * 2130706433, 0x7f.1 and 0177.0.0.1 into 127.0.0.1; an IPv4-mapped IPv6
 * address is checked as its IPv4). Private LAN ranges (10/8, 172.16/12,
 * 192.168/16, fc00::/7) stay allowed: a CRM on the LAN is the normal case.
 */
const REFUSED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  REFUSED.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  REFUSED.addSubnet(net, bits, 'ipv6');
}

/** The box's own addresses, read at each check (an interface may come up later). */
function ownAddresses(): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) out.add(a.address.replace(/%.*$/, '').toLowerCase());
  }
  return out;
}

/**
 * The IPv4 inside an IPv4-mapped (::ffff:a.b.c.d), -compatible (::a.b.c.d)
 * or NAT64 (64:ff9b::a.b.c.d, RFC 6052) IPv6 address.
 */
function embeddedIpv4(ip: string): string | null {
  const m = /^(?:::(?:ffff:)?|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
  if (m) {
    const hi = Number.parseInt(m[1]!, 16);
    const lo = Number.parseInt(m[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  const d = /^(?:::(?:ffff:)?|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return d ? d[1]! : null;
}

/** Why `ip` may not be a webhook target, or null when it may. */
export function refusedAddress(ip: string): string | null {
  const bare = ip
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase();
  const family = isIP(bare);
  if (family === 0) return `${ip} is not an address`;
  const v4 = family === 6 ? embeddedIpv4(bare) : bare;
  if (v4 !== null && v4 !== bare) {
    const inner = refusedAddress(v4);
    if (inner) return inner;
  }
  if (REFUSED.check(bare, family === 4 ? 'ipv4' : 'ipv6')) {
    return `${bare} is a loopback, link-local, multicast or unspecified address`;
  }
  const own = ownAddresses();
  if (own.has(bare) || (v4 !== null && own.has(v4))) return `${bare} is this box's own address`;
  return null;
}

/**
 * What can be told from the URL alone (at save time): a literal address
 * that is refused, or a name that always means this box (localhost and
 * *.localhost, RFC 6761). Other names are checked when they are resolved.
 */
export function refusedUrl(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return 'not a URL';
  }
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) return refusedAddress(bare);
  const name = bare.replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return `${host} is this box`;
  return null;
}

export type Resolve = (host: string) => Promise<LookupAddress[]>;

const systemResolve: Resolve = (host) =>
  new Promise((ok, fail) =>
    dnsLookup(host, { all: true, verbatim: true }, (err, list) => (err ? fail(err) : ok(list))),
  );

/** A refusal: logged by the caller, and the call goes on without the webhook. */
export class WebhookRefused extends Error {
  override name = 'WebhookRefused';
}

export interface WebhookCall {
  timeoutMs: number;
  /** Answers longer than this are abandoned while they arrive. */
  maxBytes: number;
  /** Loopback, link-local and own addresses allowed (settings: customers.webhookAllowLocal). */
  allowLocal: boolean;
  /** DNS; tests give their own. */
  resolve?: Resolve;
}

/**
 * A `lookup` for http(s).request that answers the checked address: the name
 * is resolved once, every address it gives is checked, and the connection
 * goes to the checked address, so a second, different DNS answer cannot slip
 * in between check and connect. Throws WebhookRefused for a refused target.
 */
export async function checkedLookup(
  url: URL,
  opts: Pick<WebhookCall, 'allowLocal' | 'resolve'>,
): Promise<LookupFunction> {
  const check = (ip: string) => {
    const why = opts.allowLocal ? null : refusedAddress(ip);
    if (why) throw new WebhookRefused(why);
  };
  const literal = refusedUrl(url.toString());
  if (literal && !opts.allowLocal) throw new WebhookRefused(literal);
  const bare = url.hostname.replace(/^\[|\]$/g, '');
  let target: LookupAddress;
  if (isIP(bare) !== 0) {
    check(bare);
    target = { address: bare, family: isIP(bare) };
  } else {
    const list = await (opts.resolve ?? systemResolve)(bare);
    if (list.length === 0) throw new Error(`${bare} does not resolve`);
    // a name with one refused address is refused: which one a connect would use is not ours to choose
    for (const a of list) check(a.address);
    target = list[0]!;
  }
  return (_host, options, cb) => {
    // net.connect asks for every address (autoSelectFamily): the list form of the callback
    if ((options as { all?: boolean }).all) (cb as (e: null, list: LookupAddress[]) => void)(null, [target]);
    else cb(null, target.address, target.family);
  };
}

/**
 * GET `url` and its 200 answer's text, or throws (WebhookRefused for a
 * target the rules refuse; see checkedLookup). Redirects are not followed.
 */
export async function getWebhook(url: URL, opts: WebhookCall): Promise<string> {
  const lookup = await checkedLookup(url, opts);

  return new Promise((resolve, reject) => {
    const get = url.protocol === 'https:' ? https.get : http.get;
    const req = get(url, { lookup, headers: { accept: 'application/json' } }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        res.resume();
        const where = res.headers.location ? ' (redirects are not followed)' : '';
        reject(new Error(`answered ${res.statusCode}${where}`));
        req.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > opts.maxBytes) {
          // stop reading now: the rest is never buffered
          reject(new Error(`answer larger than ${opts.maxBytes} bytes`));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    settleOnce(req, opts.timeoutMs, reject);
  });
}

/** A request's errors and its timeout reject the call; the timer goes with the connection. */
function settleOnce(req: ClientRequest, timeoutMs: number, reject: (err: Error) => void): void {
  const timer = setTimeout(() => {
    reject(new Error(`no answer within ${timeoutMs} ms`));
    req.destroy();
  }, timeoutMs);
  req.on('error', reject);
  req.on('close', () => clearTimeout(timer));
}

/**
 * POSTs `body` (JSON) to `url` with `headers` and answers the HTTP status
 * (the answer's body is read and dropped, at most `maxBytes`), or throws on
 * a refused target, no connection or no answer within `timeoutMs`.
 * Redirects are not followed: a 3xx is the answer.
 */
export async function postWebhook(
  url: URL,
  body: string,
  headers: Record<string, string>,
  opts: WebhookCall,
): Promise<number> {
  const lookup = await checkedLookup(url, opts);
  return new Promise((resolve, reject) => {
    const request = url.protocol === 'https:' ? https.request : http.request;
    const req = request(
      url,
      {
        method: 'POST',
        lookup,
        headers: {
          ...headers,
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(Buffer.byteLength(body)),
        },
      },
      (res: IncomingMessage) => {
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > opts.maxBytes) req.destroy();
        });
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('close', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    settleOnce(req, opts.timeoutMs, reject);
    req.end(body);
  });
}
