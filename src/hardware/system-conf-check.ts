/**
 * The syntax and sanity rules of /etc/dahdi/system.conf that dahdi_cfg
 * enforces, or that the driver enforces only when applying: checked before a
 * file is written so a bad one never reaches the kernel,
 * where dahdi_cfg stops at the first failing channel and leaves spans down.
 */

/** Where a span's channels are; from assigned-spans.conf, or the default arithmetic. */
export interface SpanExtent {
  span: number;
  basechan: number;
  channels: number;
  /** Clock priorities must differ within a card (wct4xxp keeps one list per card). */
  card: number;
}

const KEYWORDS = new Set([
  'span',
  'bchan',
  'dchan',
  'hardhdlc',
  'cas',
  'unused',
  'echocanceller',
  'loadzone',
  'defaultzone',
]);
const SIGNALLING = new Set(['bchan', 'dchan', 'hardhdlc', 'cas', 'unused']);
const E1_FRAMING = new Set(['ccs', 'cas']);
const T1_FRAMING = new Set(['esf', 'd4']);
const FLAGS = new Set(['crc4', 'yellow', 'nt', 'te', 'term']);
const ECHO_CANCELLERS = new Set(['mg2', 'kb1', 'sec', 'sec2', 'oslec', 'hwec']);
/** dahdi_cfg reads lines into a 256-byte buffer; longer lines are split into a bad second line. */
const MAX_LINE_BYTES = 255;

interface SpanLine {
  line: number;
  timing: number;
  framing: string;
}
interface ChanLine {
  line: number;
  keyword: string;
  chans: number[];
}

/**
 * Returns the problems found, each naming its line; empty means acceptable.
 * Without `extents`, spans are laid out the way DAHDI numbers them by
 * default: in span order, 31 channels for E1, 24 for T1, all on one card.
 */
export function checkSystemConf(text: string, extents?: SpanExtent[]): string[] {
  const errors: string[] = [];
  const spans = new Map<number, SpanLine>();
  const chanLines: ChanLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const problems = parseLine(raw, i + 1, spans, chanLines);
    if (Buffer.byteLength(raw, 'utf8') + 1 > MAX_LINE_BYTES) problems.unshift('longer than 255 bytes');
    for (const p of problems) errors.push(`line ${i + 1}: ${p}`);
  });
  checkChannels(spans, chanLines, extents ?? defaultExtents(spans), errors);
  return errors;
}

/** Records a span or channel line; returns what is wrong with it. */
function parseLine(raw: string, n: number, spans: Map<number, SpanLine>, chanLines: ChanLine[]): string[] {
  const body = (raw.split('#')[0] ?? '').trim();
  if (body === '') return [];
  const m = /^([a-z]+)\s*=\s*(.*)$/.exec(body);
  if (!m) return [`not a keyword=value line: ${JSON.stringify(body.slice(0, 40))}`];
  const keyword = m[1] ?? '';
  const value = m[2] ?? '';
  if (!KEYWORDS.has(keyword)) return [`unknown keyword ${keyword}`];
  if (keyword === 'span') return parseSpan(value, n, spans);
  if (keyword === 'loadzone' || keyword === 'defaultzone')
    return /^[a-z]{2}$/.test(value) ? [] : [`${keyword} must be a two-letter zone`];
  let list = value;
  if (keyword === 'cas') {
    const [chans, bits, ...rest] = value.split(':');
    if (bits === undefined || rest.length > 0 || !/^[01]{4}$/.test(bits))
      return ['cas needs <channels>:<abcd idle bits>'];
    list = chans ?? '';
  }
  if (keyword === 'echocanceller') {
    const comma = value.indexOf(',');
    if (comma < 0 || !ECHO_CANCELLERS.has(value.slice(0, comma)))
      return ['echocanceller needs <module>,<channels>'];
    list = value.slice(comma + 1);
  }
  const chans = parseChannels(list);
  if (typeof chans === 'string') return [chans];
  chanLines.push({ line: n, keyword, chans });
  return (keyword === 'dchan' || keyword === 'hardhdlc') && chans.length !== 1
    ? [`${keyword} takes one channel`]
    : [];
}

function parseSpan(value: string, n: number, spans: Map<number, SpanLine>): string[] {
  const errors: string[] = [];
  const err = (m: string) => {
    errors.push(m);
  };
  const f = value.split(',').map((s) => s.trim());
  if (f.length < 5 || f.length > 9) return ['span needs 5 to 9 fields'];
  const [spanno, timing, lbo, framing = '', coding = '', ...flags] = f;
  const span = int(spanno);
  const prio = int(timing);
  if (span === null || span < 1) return ['bad span number'];
  if (spans.has(span)) return [`span ${span} configured twice`];
  if (prio === null || prio > 255) err('timing must be 0..255');
  const build = int(lbo);
  if (build === null || build > 7) err('lbo must be 0..7');
  const e1 = E1_FRAMING.has(framing);
  if (!e1 && !T1_FRAMING.has(framing)) err(`unknown framing ${framing}`);
  if (e1 ? !['hdb3', 'ami'].includes(coding) : !['b8zs', 'ami'].includes(coding))
    err(`coding ${coding} does not go with framing ${framing}`);
  for (const flag of flags) if (!FLAGS.has(flag)) err(`unknown span flag ${flag}`);
  if (!e1 && flags.includes('crc4')) err('crc4 is an E1 option');
  spans.set(span, { line: n, timing: prio ?? 0, framing });
  return errors;
}

function defaultExtents(spans: Map<number, SpanLine>): SpanExtent[] {
  let basechan = 1;
  return [...spans.entries()]
    .sort(([a], [b]) => a - b)
    .map(([span, s]) => {
      const channels = T1_FRAMING.has(s.framing) ? 24 : 31;
      const e = { span, basechan, channels, card: 0 };
      basechan += channels;
      return e;
    });
}

function checkChannels(
  spans: Map<number, SpanLine>,
  chanLines: ChanLine[],
  extents: SpanExtent[],
  errors: string[],
) {
  // clock priorities: one port per priority on a card
  const prio = new Map<string, number>();
  for (const [span, s] of [...spans.entries()].sort(([a], [b]) => a - b)) {
    if (s.timing === 0) continue;
    const card = extents.find((e) => e.span === span)?.card ?? 0;
    const key = `${card}/${s.timing}`;
    const other = prio.get(key);
    if (other !== undefined)
      errors.push(
        `line ${s.line}: span ${span} has clock priority ${s.timing} like span ${other} on the same card`,
      );
    else prio.set(key, span);
  }
  const owner = (chan: number) => extents.find((e) => chan >= e.basechan && chan < e.basechan + e.channels);
  const configuredAt = new Map<number, { line: number; keyword: string }>();
  for (const c of chanLines.filter((c) => SIGNALLING.has(c.keyword))) {
    for (const chan of c.chans) {
      const err = (m: string) => errors.push(`line ${c.line}: channel ${chan}: ${m}`);
      const prev = configuredAt.get(chan);
      if (prev) err(`already configured as ${prev.keyword} at line ${prev.line}`);
      else configuredAt.set(chan, { line: c.line, keyword: c.keyword });
      const ext = owner(chan);
      const span = ext && spans.get(ext.span);
      if (!ext || !span) {
        err('is on no configured span');
        continue;
      }
      const pos = chan - ext.basechan + 1;
      if (span.framing === 'cas') {
        if (pos === 16) err('timeslot 16 of an E1 CAS span is reserved');
        else if (c.keyword !== 'cas' && c.keyword !== 'unused') err(`${c.keyword} on a CAS span`);
      }
      if (span.framing === 'ccs' && c.keyword === 'cas') err('cas on a CCS span');
      const dpos = ext.channels === 24 ? 24 : 16;
      if ((c.keyword === 'dchan' || c.keyword === 'hardhdlc') && pos !== dpos)
        err(`D-channel must be position ${dpos} of its span`);
    }
  }
  for (const c of chanLines.filter((c) => c.keyword === 'echocanceller')) {
    for (const chan of c.chans) {
      const sig = configuredAt.get(chan)?.keyword;
      if (sig !== 'bchan' && sig !== 'cas')
        errors.push(`line ${c.line}: channel ${chan}: echo canceller on a channel that is not a B-channel`);
    }
  }
}

/** `1-15,17-31` → channel numbers, or a message. */
function parseChannels(list: string): number[] | string {
  const out: number[] = [];
  for (const part of list.split(',')) {
    const m = /^\s*(\d{1,5})(?:\s*-\s*(\d{1,5}))?\s*$/.exec(part);
    const a = Number(m?.[1]);
    const b = m?.[2] === undefined ? a : Number(m[2]);
    if (!m || a < 1 || b < a || b > 1024) return `bad channel range ${JSON.stringify(part)}`;
    for (let c = a; c <= b; c++) out.push(c);
  }
  return out;
}

const int = (s: string | undefined): number | null =>
  s !== undefined && /^\d{1,5}$/.test(s) ? Number(s) : null;
