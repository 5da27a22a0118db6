import type { Migration } from './index.js';

/**
 * The knowledge base (知识库): a category tree, articles (情景 scenario as
 * plain text, 方案 solution as sanitised HTML plus its plain text for the
 * substring fallback), the previous versions of each article, agents'
 * "helpful" votes, and an FTS5 index whose rowid is the article's id. The
 * index holds text segmented into words by jieba (src/kb/segment.ts),
 * separated by spaces, so the unicode61 tokenizer sees Chinese words.
 */
export const m014Kb: Migration = {
  version: 14,
  name: 'kb',
  sql: `
CREATE TABLE kb_categories (
  id         INTEGER PRIMARY KEY,
  parent_id  INTEGER REFERENCES kb_categories(id),
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX kb_categories_sibling_name ON kb_categories (COALESCE(parent_id, 0), name);

CREATE TABLE kb_articles (
  id            INTEGER PRIMARY KEY,
  title         TEXT NOT NULL,
  scenario      TEXT NOT NULL,
  solution      TEXT NOT NULL,
  solution_text TEXT NOT NULL,
  category_id   INTEGER REFERENCES kb_categories(id),
  tags          TEXT NOT NULL DEFAULT '[]',
  status        TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  version       INTEGER NOT NULL DEFAULT 1,
  helpful       INTEGER NOT NULL DEFAULT 0,
  created_by    TEXT,
  updated_by    TEXT,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
);
CREATE INDEX kb_articles_category ON kb_articles (category_id);

CREATE TABLE kb_article_versions (
  article_id  INTEGER NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,
  title       TEXT NOT NULL,
  scenario    TEXT NOT NULL,
  solution    TEXT NOT NULL,
  category_id INTEGER,
  tags        TEXT NOT NULL,
  status      TEXT NOT NULL,
  updated_by  TEXT,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (article_id, version)
);

CREATE TABLE kb_votes (
  article_id INTEGER NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (article_id, user_id)
);

CREATE VIRTUAL TABLE kb_fts USING fts5(title, tags, scenario, solution, tokenize = 'unicode61 remove_diacritics 2');
`,
};
