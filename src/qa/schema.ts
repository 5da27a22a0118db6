import { z } from 'zod';
import { fromBeforeTo, instant } from '../cdr/schema.js';
import { queryId, recordId } from '../kit/ids.js';
import { paging } from '../kit/list.js';
import { displayName, oneLine, UNSAFE_MULTILINE } from '../kit/text.js';
import { extension } from '../seats/schema.js';

const weight = z
  .number({ error: 'weight must be a number' })
  .positive('weight must be above 0')
  .max(100, 'weight must be at most 100');

const questionBase = {
  /** Kept on a structural edit of a form without grades; the server numbers new ones. */
  id: recordId('id').optional(),
  text: oneLine('text').min(1, 'text is required').max(200, 'text must be at most 200 characters'),
  weight,
  /** A "no" (or 0) fails the whole form. */
  critical: z.boolean({ error: 'critical must be true or false' }).default(false),
  /** The grader may answer "not applicable"; the question then drops out of the weight total. */
  allowNa: z.boolean({ error: 'allowNa must be true or false' }).default(false),
};

const Question = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ ...questionBase, kind: z.literal('yesno') }),
    z.strictObject({
      ...questionBase,
      kind: z.literal('scale'),
      max: z
        .number({ error: 'max must be a number' })
        .int('max must be a whole number')
        .min(1, 'max must be at least 1')
        .max(10, 'max must be at most 10'),
    }),
  ],
  { error: 'kind must be yesno or scale' },
);
export type QuestionInput = z.infer<typeof Question>;

const Section = z.strictObject({
  title: displayName('title'),
  questions: z.array(Question).min(1, 'a section needs a question').max(50, 'at most 50 questions a section'),
});

const sections = z.array(Section).min(1, 'a form needs a section').max(20, 'at most 20 sections');
export type SectionsInput = z.infer<typeof sections>;

const formName = () =>
  oneLine('name').min(1, 'name is required').max(100, 'name must be at most 100 characters');

export const FormCreate = z.strictObject({ name: formName(), sections });
export type FormCreate = z.infer<typeof FormCreate>;

/** Renaming and archiving always; the structure only while the form has no grades. */
export const FormUpdate = z.strictObject({
  name: formName().optional(),
  status: z.enum(['active', 'archived'], { error: 'status must be active or archived' }).optional(),
  sections: sections.optional(),
});
export type FormUpdate = z.infer<typeof FormUpdate>;

/** A copy to change the structure of a form that has grades. */
export const FormCopy = z.strictObject({ name: formName().optional() });
export type FormCopy = z.infer<typeof FormCopy>;

export const FormListQuery = z.strictObject({
  ...paging,
  status: z.enum(['active', 'archived'], { error: 'status must be active or archived' }).optional(),
});
export type FormListQuery = z.infer<typeof FormListQuery>;

const Answer = z.strictObject({
  questionId: recordId('questionId'),
  /** yes = 1, no = 0, a scale's 0–N; null is "not applicable". */
  value: z
    .number({ error: 'value must be a number or null' })
    .int('value must be a whole number')
    .min(0, 'value must be at least 0')
    .max(10, 'value must be at most 10')
    .nullable(),
});

const Comment = z.strictObject({
  /** Seconds into the recording. */
  at: z
    .number({ error: 'at must be a number' })
    .min(0, 'at must be at least 0')
    .max(86_400, 'at must be at most 86400'),
  text: z
    .string({ error: 'text must be a string' })
    .refine((s) => !UNSAFE_MULTILINE.test(s), 'text must not contain control characters')
    .trim()
    .min(1, 'text is required')
    .max(2000, 'text must be at most 2000 characters'),
});
export type CommentInput = z.infer<typeof Comment>;

const answers = z.array(Answer).max(1000, 'at most 1000 answers');
const comments = z.array(Comment).max(200, 'at most 200 comments');
const submit = z.boolean({ error: 'submit must be true or false' }).default(false);

export const GradeCreate = z.strictObject({
  callId: recordId('callId'),
  formId: recordId('formId'),
  answers: answers.default([]),
  comments: comments.default([]),
  submit,
});
export type GradeCreate = z.infer<typeof GradeCreate>;

/** A draft's answers and comments (each replaced whole when given); `submit` makes it final. */
export const GradeUpdate = z.strictObject({
  answers: answers.optional(),
  comments: comments.optional(),
  submit,
});
export type GradeUpdate = z.infer<typeof GradeUpdate>;

/** A correction of a submitted grade: the new version starts from the old one's answers and comments. */
export const GradeRevision = GradeUpdate.extend({
  reason: oneLine('reason').max(500, 'reason must be at most 500 characters').default(''),
});
export type GradeRevision = z.infer<typeof GradeRevision>;

export const GradeListQuery = z.strictObject({
  ...paging,
  callId: queryId('callId'),
  formId: queryId('formId'),
  agent: extension.optional(),
  status: z.enum(['draft', 'submitted'], { error: 'status must be draft or submitted' }).optional(),
});
export type GradeListQuery = z.infer<typeof GradeListQuery>;

export const TrendQuery = z
  .strictObject({
    groupBy: z.enum(['agent', 'queue'], { error: 'groupBy must be agent or queue' }).default('agent'),
    period: z.enum(['day', 'week', 'month'], { error: 'period must be day, week or month' }).default('week'),
    from: instant.optional(),
    to: instant.optional(),
  })
  .refine(...fromBeforeTo);
export type TrendQuery = z.infer<typeof TrendQuery>;

/** One group's figures in one period (the latest submitted version of each grade counts). */
export interface TrendRow {
  /** The seat extension, or the queue id as text ('' for calls outside a queue). */
  group: string;
  /** The queue's name, or the seat extension. */
  label: string;
  /** Local start of the period: YYYY-MM-DD (day, week from Monday) or YYYY-MM. */
  period: string;
  count: number;
  /** Mean score, rounded to 0.1; null when no grade of the group had a score. */
  average: number | null;
  criticalFails: number;
}

export interface Trends {
  groupBy: 'agent' | 'queue';
  period: 'day' | 'week' | 'month';
  from: string;
  to: string;
  rows: TrendRow[];
}
