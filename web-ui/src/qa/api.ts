import type { TrendRow, Trends } from '../../../src/qa/schema';
import type { FormView, GradeView } from '../../../src/qa/service';
import type { Page } from '../api/client';

export type { FormView, GradeView, TrendRow, Trends };
export type FormPage = Page<FormView>;
export type GradePage = Page<GradeView>;
export type QaQuestion = FormView['sections'][number]['questions'][number];

/** mm:ss of a recording offset. */
export const clock = (seconds: number) => {
  const s = Math.floor(seconds);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
