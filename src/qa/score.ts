/**
 * A QA form's score, the one definition the server stores and the console
 * shows live while a supervisor grades. Pure and without imports, so the
 * console bundles this very file (web-ui/src/qa/).
 *
 * - yes/no: yes = 1, no = 0; a 0–N scale: value / N;
 * - each answered question adds weight × that fraction, and its weight to
 *   the total; "not applicable" (null) drops out of both;
 * - a critical question answered no (0) fails the whole form: score 0;
 * - the score is the weighted percent rounded to 0.1, or null while no
 *   weight counts (nothing answered, or everything not applicable).
 */

export type QuestionKind = 'yesno' | 'scale';

export interface ScoredQuestion {
  id: number;
  kind: QuestionKind;
  /** The top of a 0–N scale; yes/no questions have none. */
  max?: number;
  weight: number;
  critical: boolean;
}

/** A question's answer: its value, or null for "not applicable". */
export interface AnswerIn {
  questionId: number;
  value: number | null;
}

export interface FormScore {
  score: number | null;
  criticalFailed: boolean;
  /** Weight of the answered questions that count (not N/A). */
  weight: number;
}

export const topOf = (q: Pick<ScoredQuestion, 'kind' | 'max'>): number =>
  q.kind === 'yesno' ? 1 : (q.max ?? 1);

/** One decimal place, half up (what the console and the reports show). */
export const round1 = (x: number): number => Math.round(x * 10 + 1e-9) / 10;

/** Answers to questions the form does not have are ignored (the server refuses them before). */
export function scoreForm(questions: readonly ScoredQuestion[], answers: readonly AnswerIn[]): FormScore {
  const byId = new Map(answers.map((a) => [a.questionId, a.value]));
  let earned = 0;
  let weight = 0;
  let criticalFailed = false;
  for (const q of questions) {
    const value = byId.get(q.id);
    if (value === undefined || value === null) continue;
    if (q.critical && value === 0) criticalFailed = true;
    earned += (q.weight * value) / topOf(q);
    weight += q.weight;
  }
  if (criticalFailed) return { score: 0, criticalFailed, weight };
  return { score: weight > 0 ? round1((earned / weight) * 100) : null, criticalFailed, weight };
}
