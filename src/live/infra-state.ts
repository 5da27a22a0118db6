import type { ConnectionState, LiveEvents } from '../bus.js';
import type { AsteriskView, SpanView, TrunkView } from './types.js';
import type { LiveDirectory } from './views.js';

/** Trunks, E1 spans and the Asterisk connection: what the banners are made of. */
export class InfraState {
  readonly trunks = new Map<number, TrunkView>();
  readonly spans = new Map<number, SpanView>();
  asterisk: AsteriskView;
  asteriskDirty = false;

  constructor(
    private readonly directory: Pick<LiveDirectory, 'trunkName'>,
    private readonly mark: (kind: 'trunks' | 'spans', key: string) => void,
    now: number,
  ) {
    const epoch = new Date(now).toISOString();
    this.asterisk = {
      ami: { state: 'disconnected', since: epoch },
      ari: { state: 'disconnected', since: epoch },
      version: null,
      startedAt: null,
    };
  }

  trunk(key: string): TrunkView | null {
    return this.trunks.get(Number(key)) ?? null;
  }

  span(key: string): SpanView | null {
    return this.spans.get(Number(key)) ?? null;
  }

  trunkStatus(e: LiveEvents['trunk.status']): void {
    this.trunks.set(e.id, { ...e, name: this.directory.trunkName(e.id) ?? `trunk-${e.id}` });
    this.mark('trunks', String(e.id));
  }

  /** The configured trunks and their status now (at start and after a resync). */
  replaceTrunks(list: LiveEvents['trunk.status'][]): void {
    const ids = new Set(list.map((t) => t.id));
    for (const id of this.trunks.keys()) {
      if (!ids.has(id)) {
        this.trunks.delete(id);
        this.mark('trunks', String(id));
      }
    }
    for (const t of list) this.trunkStatus(t);
  }

  spanAlarm(e: LiveEvents['span.alarm']): void {
    const prev = this.spans.get(e.span);
    this.spans.set(e.span, {
      span: e.span,
      alarm: e.alarm,
      // a span going from RED to YELLOW has been in alarm since the first
      since: prev?.alarm ? prev.since : e.raisedAt,
      description: e.trunkId === null ? null : `trunk ${e.trunkId}`,
    });
    this.mark('spans', String(e.span));
  }

  spanCleared(e: LiveEvents['span.alarm.cleared']): void {
    // one alarm of several cleared (YELLOW under RED): the span is still in alarm
    if (this.spans.get(e.span)?.alarm !== e.alarm) return;
    this.spans.set(e.span, {
      span: e.span,
      alarm: null,
      since: e.clearedAt,
      description: null,
    });
    this.mark('spans', String(e.span));
  }

  connection(which: 'ami' | 'ari', state: ConnectionState, since: number): void {
    this.asterisk = { ...this.asterisk, [which]: { state, since: new Date(since).toISOString() } };
    this.asteriskDirty = true;
  }

  asteriskReady(e: LiveEvents['asterisk.ready']): void {
    this.asterisk = {
      ...this.asterisk,
      version: e.version,
      startedAt: e.startedAt === null ? null : new Date(e.startedAt).toISOString(),
    };
    this.asteriskDirty = true;
  }

  touchAll(): void {
    for (const id of this.trunks.keys()) this.mark('trunks', String(id));
  }
}
