import type { Db } from '../db/index.js';
import { defineRecords } from '../kit/table.js';
import type { Prompt, PromptSortKey } from './schema.js';

interface Row {
  id: number;
  name: string;
  kind: Prompt['kind'];
  language: Prompt['language'];
  text: string | null;
  tts_hash: string | null;
  duration_ms: number;
  size_bytes: number;
  created_at: number;
  updated_at: number;
}

const toPrompt = (r: Row): Prompt => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  language: r.language,
  text: r.text,
  ttsHash: r.tts_hash,
  durationMs: r.duration_ms,
  sizeBytes: r.size_bytes,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export type PromptStore = ReturnType<typeof createPromptStore>;

export function createPromptStore(db: Db) {
  const table = defineRecords<Row, Prompt, PromptSortKey>(db, {
    table: 'prompts',
    fields: ['name', 'kind', 'language', 'text', 'tts_hash', 'duration_ms', 'size_bytes'],
    toModel: toPrompt,
    orderBy: 'id',
    search: ['name', 'text'],
    sort: { id: 'id', name: 'name', durationMs: 'duration_ms' },
    filters: { kind: 'kind = @kind', language: 'language = @language' },
  });
  // A prompt's audio is fixed once made: only its name changes.
  const rename = db.prepare('UPDATE prompts SET name = ?, updated_at = ? WHERE id = ?');

  return {
    page: table.page,
    get: table.get,
    insert: table.insert,
    rename: (id: number, name: string, now: number) => rename.run(name, now, id),
    remove: table.remove,
  };
}
