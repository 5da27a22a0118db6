import type { Db } from '../db/index.js';
import { defineRecords } from '../kit/table.js';
import type { CallerId, E1Trunk, SipTrunk, Trunk, TrunkSort } from './schema.js';

interface Row {
  id: number;
  kind: string;
  name: string;
  enabled: number;
  max_channels: number;
  caller_id: string | null;
  params: string;
  created_at: number;
  updated_at: number;
}

/** The kind's own settings, kept as JSON in `params`. */
type SipParams = Pick<SipTrunk, 'host' | 'port' | 'transport' | 'auth' | 'username' | 'secret' | 'codecs'>;
type E1Params = Pick<E1Trunk, 'location' | 'port' | 'signalling' | 'group'>;

/** Trunk fields without the database's own (id, timestamps); a union of each kind. */
export type NewTrunk =
  | Omit<SipTrunk, 'id' | 'createdAt' | 'updatedAt'>
  | Omit<E1Trunk, 'id' | 'createdAt' | 'updatedAt'>;

function toTrunk(r: Row): Trunk {
  const common = {
    id: r.id,
    name: r.name,
    enabled: r.enabled === 1,
    maxChannels: r.max_channels,
    callerId: r.caller_id === null ? null : (JSON.parse(r.caller_id) as CallerId),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  // params hold exactly the kind's fields (toRow below writes them)
  if (r.kind === 'e1') return { ...common, kind: 'e1', ...(JSON.parse(r.params) as E1Params) };
  if (r.kind !== 'sip') throw new Error(`trunk ${r.id} has unknown kind ${r.kind}`);
  const p = JSON.parse(r.params) as SipParams;
  // JSON.stringify leaves out an undefined username or secret
  return { ...common, kind: 'sip', ...p, username: p.username ?? null, secret: p.secret ?? null };
}

function toRow(t: NewTrunk) {
  const params: SipParams | E1Params =
    t.kind === 'e1'
      ? { location: t.location, port: t.port, signalling: t.signalling, group: t.group }
      : {
          host: t.host,
          port: t.port,
          transport: t.transport,
          auth: t.auth,
          username: t.username,
          secret: t.secret,
          codecs: t.codecs,
        };
  return {
    kind: t.kind,
    name: t.name,
    enabled: t.enabled ? 1 : 0,
    maxChannels: t.maxChannels,
    callerId: t.callerId === null ? null : JSON.stringify(t.callerId),
    params: JSON.stringify(params),
  };
}

export type TrunkStore = ReturnType<typeof createTrunkStore>;

export function createTrunkStore(db: Db) {
  const table = defineRecords<Row, Trunk, TrunkSort, NewTrunk>(db, {
    table: 'trunks',
    fields: ['kind', 'name', 'enabled', 'max_channels', 'caller_id', 'params'],
    // the kind of a trunk never changes
    fixed: ['kind'],
    toModel: toTrunk,
    toParams: toRow,
    orderBy: 'id',
    search: ['name'],
    sort: { name: 'name', kind: 'kind', createdAt: 'created_at' },
    filters: { kind: 'kind = @kind' },
  });

  return {
    ...table,
    getByName: (name: string) => table.findBy('name', name),
    update: (t: Trunk, now: number) => table.update(t.id, t, now),
  };
}
