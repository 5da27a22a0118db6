import type { Db } from '../db/index.js';
import { defineRecords } from '../kit/table.js';
import type { AnswerIn, ScoredQuestion } from './score.js';

export interface Question extends ScoredQuestion {
  text: string;
  allowNa: boolean;
}

export interface Section {
  title: string;
  questions: Question[];
}

export type FormStatus = 'active' | 'archived';

export interface Form {
  id: number;
  name: string;
  status: FormStatus;
  sections: Section[];
  createdAt: number;
  updatedAt: number;
}

export interface Comment {
  /** Seconds into the recording. */
  at: number;
  text: string;
}

export type GradeStatus = 'draft' | 'submitted';

export interface Grade {
  id: number;
  /** The first version's id: every version of one grade shares it. */
  rootId: number;
  version: number;
  formId: number;
  callId: number;
  /** The seat that took the call. */
  agent: string;
  queueId: number | null;
  graderId: number | null;
  grader: string;
  status: GradeStatus;
  answers: AnswerIn[];
  comments: Comment[];
  score: number | null;
  criticalFailed: boolean;
  /** Why a correction was made ('' for the first version). */
  reason: string;
  submittedAt: number | null;
  /** When the grade's first version was submitted: the time the trends count it at. */
  gradedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

interface FormRow {
  id: number;
  name: string;
  status: FormStatus;
  sections: string;
  created_at: number;
  updated_at: number;
}

interface GradeRow {
  id: number;
  root_id: number | null;
  version: number;
  form_id: number;
  call_id: number;
  agent: string;
  queue_id: number | null;
  grader_id: number | null;
  grader: string;
  status: GradeStatus;
  answers: string;
  comments: string;
  score: number | null;
  critical_failed: number;
  reason: string;
  submitted_at: number | null;
  graded_at: number | null;
  created_at: number;
  updated_at: number;
}

export type FormFields = Pick<Form, 'name' | 'status' | 'sections'>;
export type GradeFields = Omit<Grade, 'id' | 'rootId' | 'createdAt' | 'updatedAt'>;

const toGrade = (r: GradeRow): Grade => ({
  id: r.id,
  rootId: r.root_id ?? r.id,
  version: r.version,
  formId: r.form_id,
  callId: r.call_id,
  agent: r.agent,
  queueId: r.queue_id,
  graderId: r.grader_id,
  grader: r.grader,
  status: r.status,
  answers: JSON.parse(r.answers) as AnswerIn[],
  comments: JSON.parse(r.comments) as Comment[],
  score: r.score,
  criticalFailed: r.critical_failed === 1,
  reason: r.reason,
  submittedAt: r.submitted_at,
  gradedAt: r.graded_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The grades a trend report counts: per chain, its newest submitted version. */
export interface CountedGrade {
  agent: string;
  queueId: number | null;
  score: number | null;
  criticalFailed: boolean;
  gradedAt: number;
}

export function createQaStore(db: Db) {
  const forms = defineRecords<FormRow, Form, never, FormFields>(db, {
    table: 'qa_forms',
    fields: ['name', 'status', 'sections'],
    orderBy: 'id',
    filters: { status: 'status = @status' },
    toModel: (r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      sections: JSON.parse(r.sections) as Section[],
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }),
    toParams: (f) => ({ ...f, sections: JSON.stringify(f.sections) }),
  });
  const grades = defineRecords<GradeRow, Grade, never, GradeFields>(db, {
    table: 'qa_grades',
    fields: [
      'version',
      'form_id',
      'call_id',
      'agent',
      'queue_id',
      'grader_id',
      'grader',
      'status',
      'answers',
      'comments',
      'score',
      'critical_failed',
      'reason',
      'submitted_at',
      'graded_at',
    ],
    fixed: ['version', 'form_id', 'call_id', 'agent', 'queue_id', 'grader_id', 'grader', 'reason'],
    derived: ['root_id'],
    orderBy: 'id DESC',
    filters: {
      callId: 'call_id = @callId',
      formId: 'form_id = @formId',
      agent: 'agent = @agent',
      status: 'status = @status',
      // a supervisor's list shows each grade once, as its newest version
      latest: 'version = (SELECT MAX(h.version) FROM qa_grades h WHERE h.root_id = qa_grades.root_id)',
    },
    toModel: toGrade,
    toParams: (g) => ({
      ...g,
      answers: JSON.stringify(g.answers),
      comments: JSON.stringify(g.comments),
      criticalFailed: g.criticalFailed ? 1 : 0,
    }),
  });

  const setRoot = db.prepare('UPDATE qa_grades SET root_id = ? WHERE id = ?');
  const chain = db.prepare<[number], GradeRow>(
    `SELECT ${grades.columns} FROM qa_grades WHERE root_id = ? ORDER BY version`,
  );
  const gradesOfForm = db
    .prepare<[number], number>('SELECT COUNT(*) FROM qa_grades WHERE form_id = ?')
    .pluck();
  const counted = db.prepare<
    { from: number; to: number; agent: string | null },
    Omit<CountedGrade, 'criticalFailed'> & { critical_failed: number }
  >(
    `SELECT agent, queue_id AS queueId, score, critical_failed, graded_at AS gradedAt
       FROM qa_grades g
      WHERE status = 'submitted' AND graded_at >= @from AND graded_at < @to AND (@agent IS NULL OR agent = @agent)
        AND version = (SELECT MAX(h.version) FROM qa_grades h WHERE h.root_id = g.root_id AND h.status = 'submitted')
      ORDER BY graded_at`,
  );

  return {
    forms,
    grades,
    gradesOfForm: (formId: number) => gradesOfForm.get(formId) ?? 0,
    /** A first version: its root is itself. */
    insertGrade(fields: GradeFields, now: number): number {
      const id = grades.insert(fields, now);
      setRoot.run(id, id);
      return id;
    },
    /** The next version of a chain. */
    insertVersion(rootId: number, fields: GradeFields, now: number): number {
      const id = grades.insert(fields, now);
      setRoot.run(rootId, id);
      return id;
    },
    versions: (rootId: number): Grade[] => chain.all(rootId).map(toGrade),
    /** Submitted grades in [from, to) epoch ms, the newest submitted version of each; one seat's only when given. */
    counted: (fromMs: number, toMs: number, agent: string | null): CountedGrade[] =>
      counted.all({ from: fromMs, to: toMs, agent }).map(({ critical_failed, ...g }) => ({
        ...g,
        criticalFailed: critical_failed === 1,
      })),
  };
}

export type QaStore = ReturnType<typeof createQaStore>;
