import type { Actor } from '../audit/index.js';
import type { BuiltCall, CallTaker } from '../calls/service.js';
import { AppError, validation } from '../errors.js';
import type { Principal } from '../http/principal.js';
import type { Change } from '../kit/change.js';
import type { Page } from '../kit/list.js';
import { mustFind } from '../kit/resource.js';
import { resourceChanges } from '../kit/resource-changes.js';
import { iso, withIsoTimes } from '../kit/view.js';
import type {
  FormCopy,
  FormCreate,
  FormListQuery,
  FormUpdate,
  GradeCreate,
  GradeListQuery,
  GradeRevision,
  GradeUpdate,
  SectionsInput,
  TrendQuery,
  Trends,
} from './schema.js';
// the bus's qa events are declared there (the console type-checks this file on its own)
import './events.js';
import { type AnswerIn, scoreForm, topOf } from './score.js';
import type { Form, Grade, GradeFields, QaStore, Question, Section } from './store.js';
import { trendRows } from './trends.js';

export type FormView = ReturnType<typeof withIsoTimes<Form>>;

/** A grade as the API shows it: times in ISO 8601 and the call's recording URL. */
export type GradeView = Omit<Grade, 'createdAt' | 'updatedAt' | 'submittedAt' | 'gradedAt'> & {
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  gradedAt: string | null;
  /** GET this for the call's audio; null without a recording on disk. */
  recording: string | null;
};

export interface QaDeps {
  store: QaStore;
  change: Change;
  calls: { get(id: number): BuiltCall | undefined; byLinkedid(linkedid: string): CallTaker | undefined };
  recordingUrl(callId: number, path: string): string | null;
  seatOfUser(userId: number): string | null;
  queues(): { id: number; name: string }[];
}

const DAY_MS = 86_400_000;
/** The trends' default span when `from` is not given. */
const DEFAULT_SPAN = { day: 31, week: 12 * 7, month: 366 } as const;

/** Questions numbered 1..n in form order (answers refer to these ids). */
function numbered(sections: SectionsInput): Section[] {
  let n = 0;
  return sections.map((s) => ({
    title: s.title,
    questions: s.questions.map(({ id: _given, ...q }) => ({ ...q, id: ++n }) as Question),
  }));
}

const questionsOf = (form: Form): Question[] => form.sections.flatMap((s) => s.questions);

/** Each answer names a question of the form once, with a value its kind allows. */
function checkAnswers(form: Form, answers: AnswerIn[], complete: boolean) {
  const questions = new Map(questionsOf(form).map((q) => [q.id, q]));
  const seen = new Set<number>();
  answers.forEach((a, i) => {
    const q = questions.get(a.questionId);
    if (!q) throw validation(`answers.${i}.questionId`, `the form has no question ${a.questionId}`);
    if (seen.has(a.questionId))
      throw validation(`answers.${i}.questionId`, `question ${a.questionId} is answered twice`);
    seen.add(a.questionId);
    if (a.value === null && !q.allowNa)
      throw validation(`answers.${i}.value`, `question ${q.id} cannot be answered not applicable`);
    if (a.value !== null && a.value > topOf(q))
      throw validation(`answers.${i}.value`, `question ${q.id} takes 0 to ${topOf(q)}`);
  });
  const missing = [...questions.keys()].filter((id) => !seen.has(id));
  if (complete && missing.length)
    throw validation('answers', `a submitted grade answers every question; missing ${missing.join(', ')}`);
}

export function createQaService(deps: QaDeps) {
  const { store } = deps;
  const formChanges = resourceChanges(deps.change, {
    entity: 'qa_form',
    event: 'qa.form.changed',
    config: false,
  });
  const gradeChanges = resourceChanges(deps.change, {
    entity: 'qa_grade',
    event: 'qa.grade.changed',
    config: false,
  });
  const getForm = mustFind(store.forms.get, (id) => `QA form ${id}`);
  const getGrade = mustFind(store.grades.get, (id) => `grade ${id}`);

  const formOf = (formId: number, field: string): Form => {
    const form = store.forms.get(formId);
    if (!form) throw validation(field, `no QA form ${formId}`);
    return form;
  };

  const gradeView = (g: Grade): GradeView => {
    const call = deps.calls.get(g.callId);
    return {
      ...g,
      createdAt: iso(g.createdAt),
      updatedAt: iso(g.updatedAt),
      submittedAt: g.submittedAt === null ? null : iso(g.submittedAt),
      gradedAt: g.gradedAt === null ? null : iso(g.gradedAt),
      recording: call && call.recording !== '' ? deps.recordingUrl(call.id, call.recording) : null,
    };
  };

  /** An agent's own seat, or 403. */
  const ownSeat = (p: Principal): string => {
    const seat = deps.seatOfUser(p.userId);
    if (!seat) throw new AppError('forbidden', 'your user has no seat');
    return seat;
  };

  /** Agents read only the submitted grades of calls their seat took. */
  const mayRead = (g: Grade, p: Principal) => {
    if (p.role !== 'agent') return;
    if (g.status !== 'submitted' || g.agent !== ownSeat(p))
      throw new AppError('forbidden', 'agents see only their own submitted grades');
  };

  /** The grader of a draft, or an admin. */
  const mayEdit = (g: Grade, actor: Actor) => {
    if (g.status === 'submitted')
      throw new AppError(
        'conflict',
        'a submitted grade cannot change; correct it with a new version (revisions)',
      );
    if (actor.principal.role !== 'admin' && g.graderId !== actor.principal.userId)
      throw new AppError('forbidden', 'only its grader or an admin changes a draft grade');
  };

  /** Answers and comments scored; a submit stamps the time (a correction keeps its first grading time). */
  const scored = (
    form: Form,
    base: Omit<GradeFields, 'score' | 'criticalFailed' | 'status' | 'submittedAt'>,
    submit: boolean,
    now: number,
  ): GradeFields => {
    checkAnswers(form, base.answers, submit);
    const { score, criticalFailed } = scoreForm(questionsOf(form), base.answers);
    return {
      ...base,
      score,
      criticalFailed,
      status: submit ? 'submitted' : 'draft',
      submittedAt: submit ? now : null,
      gradedAt: submit ? (base.gradedAt ?? now) : base.gradedAt,
    };
  };

  const grader = (actor: Actor) => ({ graderId: actor.principal.userId, grader: actor.principal.username });

  return {
    forms: {
      list: (q: FormListQuery): Page<FormView> => {
        const page = store.forms.page({ ...q, order: 'asc' }, { status: q.status });
        return { ...page, items: page.items.map(withIsoTimes) };
      },
      get: (id: number): FormView => withIsoTimes(getForm(id)),
      async create(input: FormCreate, actor: Actor): Promise<FormView> {
        const fields = { name: input.name, status: 'active' as const, sections: numbered(input.sections) };
        const id = await formChanges.create(actor, fields, () => store.forms.insert(fields, Date.now()));
        return withIsoTimes(getForm(id));
      },
      async update(id: number, patch: FormUpdate, actor: Actor): Promise<FormView> {
        const before = getForm(id);
        const after = {
          name: patch.name ?? before.name,
          status: patch.status ?? before.status,
          sections: patch.sections ? numbered(patch.sections) : before.sections,
        };
        await formChanges.update(actor, before, after, () => {
          if (patch.sections && store.gradesOfForm(id) > 0)
            throw new AppError(
              'conflict',
              'the form has grades: its structure is fixed; copy it to change it',
              {
                field: 'sections',
              },
            );
          store.forms.update(id, after, Date.now());
        });
        return withIsoTimes(getForm(id));
      },
      async remove(id: number, actor: Actor): Promise<void> {
        await formChanges.remove(actor, getForm(id), () => {
          const n = store.gradesOfForm(id);
          if (n > 0) throw new AppError('conflict', `the form has ${n} grade(s); archive it instead`);
          store.forms.remove(id);
        });
      },
      /** A new active form with the same sections (a new version of a graded form). */
      async copy(id: number, input: FormCopy, actor: Actor): Promise<FormView> {
        const from = getForm(id);
        const fields = {
          name: input.name ?? `${from.name} (2)`.slice(0, 100),
          status: 'active' as const,
          sections: from.sections,
        };
        const newId = await formChanges.change({
          actor,
          action: 'copy',
          mutate: () => store.forms.insert(fields, Date.now()),
          after: () => ({ ...fields, copiedFrom: id }),
        });
        return withIsoTimes(getForm(newId));
      },
    },

    grades: {
      list(q: GradeListQuery, p: Principal): Page<GradeView> {
        const { limit, offset, ...filters } = q;
        if (p.role === 'agent') {
          const seat = ownSeat(p);
          if (filters.agent !== undefined && filters.agent !== seat)
            throw new AppError('forbidden', 'agents see only their own grades', { field: 'agent' });
          filters.agent = seat;
          filters.status = 'submitted';
        }
        // agents see their newest submitted version; staff the newest version of each grade
        const page = store.grades.page(
          { limit, offset, order: 'desc' },
          p.role === 'agent' ? { ...filters } : { ...filters, latest: true },
        );
        return { ...page, items: page.items.map(gradeView) };
      },
      get(id: number, p: Principal): GradeView {
        const g = getGrade(id);
        mayRead(g, p);
        return gradeView(g);
      },
      /** Every version of the grade `id` belongs to, oldest first. */
      versions(id: number, p: Principal): GradeView[] {
        const g = getGrade(id);
        mayRead(g, p);
        return store
          .versions(g.rootId)
          .filter((v) => p.role !== 'agent' || v.status === 'submitted')
          .map(gradeView);
      },
      async create(input: GradeCreate, actor: Actor): Promise<GradeView> {
        const form = formOf(input.formId, 'formId');
        if (form.status !== 'active')
          throw new AppError('conflict', 'the form is archived', { field: 'formId' });
        const call = deps.calls.get(input.callId);
        if (!call) throw validation('callId', `no call ${input.callId}`);
        if (call.agent === '') throw new AppError('conflict', 'no agent took this call', { field: 'callId' });
        const now = Date.now();
        const fields = scored(
          form,
          {
            version: 1,
            formId: form.id,
            callId: call.id,
            agent: call.agent,
            queueId: deps.calls.byLinkedid(call.linkedid)?.queue_id ?? null,
            ...grader(actor),
            answers: input.answers,
            comments: input.comments,
            reason: '',
            gradedAt: null,
          },
          input.submit,
          now,
        );
        const id = await gradeChanges.create(actor, fields, () => store.insertGrade(fields, now));
        return gradeView(getGrade(id));
      },
      async update(id: number, patch: GradeUpdate, actor: Actor): Promise<GradeView> {
        const before = getGrade(id);
        mayEdit(before, actor);
        const now = Date.now();
        const { id: _id, rootId: _root, createdAt: _c, updatedAt: _u, ...rest } = before;
        const after = scored(
          getForm(before.formId),
          { ...rest, answers: patch.answers ?? before.answers, comments: patch.comments ?? before.comments },
          patch.submit,
          now,
        );
        await gradeChanges.change({
          actor,
          action: patch.submit ? 'submit' : 'update',
          id,
          before,
          mutate: () => {
            if (getGrade(id).status !== 'draft')
              throw new AppError('conflict', 'the grade was submitted meanwhile');
            store.grades.update(id, after, now);
          },
          after: () => after,
        });
        return gradeView(getGrade(id));
      },
      async remove(id: number, actor: Actor): Promise<void> {
        const before = getGrade(id);
        mayEdit(before, actor);
        await gradeChanges.remove(actor, before, () => store.grades.remove(id));
      },
      /** A correction of a submitted grade: the next version, by its own author; the old one stays. */
      async revise(id: number, input: GradeRevision, actor: Actor): Promise<GradeView> {
        const before = getGrade(id);
        if (before.status !== 'submitted')
          throw new AppError('conflict', 'a draft is changed in place; only a submitted grade is revised');
        const chain = store.versions(before.rootId);
        const newest = chain[chain.length - 1]!;
        if (newest.id !== id)
          throw new AppError(
            'conflict',
            `grade ${id} is version ${before.version}; revise the newest, ${newest.id}`,
          );
        const now = Date.now();
        const { id: _id, rootId, createdAt: _c, updatedAt: _u, ...rest } = before;
        const fields = scored(
          getForm(before.formId),
          {
            ...rest,
            version: before.version + 1,
            ...grader(actor),
            answers: input.answers ?? before.answers,
            comments: input.comments ?? before.comments,
            reason: input.reason,
          },
          input.submit,
          now,
        );
        const newId = await gradeChanges.change({
          actor,
          action: 'revise',
          mutate: () => {
            if (store.versions(rootId).length !== chain.length)
              throw new AppError('conflict', 'the grade was revised meanwhile');
            return store.insertVersion(rootId, fields, now);
          },
          after: () => ({ ...fields, revises: id }),
        });
        return gradeView(getGrade(newId));
      },
    },

    trends(q: TrendQuery, p: Principal): Trends {
      const to = q.to !== undefined ? q.to * 1000 : Date.now();
      const from = q.from !== undefined ? q.from * 1000 : to - DEFAULT_SPAN[q.period] * DAY_MS;
      const agent = p.role === 'agent' ? ownSeat(p) : null;
      const names = new Map(deps.queues().map((x) => [x.id, x.name]));
      return {
        groupBy: q.groupBy,
        period: q.period,
        from: iso(from),
        to: iso(to),
        rows: trendRows(store.counted(from, to, agent), q.groupBy, q.period, names),
      };
    },
  };
}

export type QaService = ReturnType<typeof createQaService>;
