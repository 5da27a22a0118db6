import { type ApiRouter, apiRouter, READERS, type RequireRole, STAFF } from '../kit/router.js';
import {
  FormCopy,
  FormCreate,
  FormListQuery,
  FormUpdate,
  GradeCreate,
  GradeListQuery,
  GradeRevision,
  GradeUpdate,
  TrendQuery,
} from './schema.js';
import type { QaService } from './service.js';

/** Supervisors and admins write forms and grade calls; agents read forms and their own submitted grades. */
const GRADERS = READERS;

export function qaRoutes(service: QaService, requireRole: RequireRole): ApiRouter {
  const { forms, grades } = service;
  return apiRouter(requireRole)
    .route('get', '/forms', { summary: 'List QA forms', access: STAFF, query: FormListQuery }, ({ query }) =>
      forms.list(query),
    )
    .route(
      'post',
      '/forms',
      {
        summary: 'Create a QA form',
        description:
          'Sections of weighted questions (yes/no or a 0–N scale); questions are numbered in form order.',
        access: GRADERS,
        body: FormCreate,
        status: 201,
      },
      ({ body, actor }) => forms.create(body, actor()),
    )
    .route('get', '/forms/:id', { summary: 'One QA form', access: STAFF }, ({ id }) => forms.get(id()))
    .route(
      'patch',
      '/forms/:id',
      {
        summary: 'Rename, archive or restructure a QA form',
        description: 'A form with grades keeps its sections (409): copy it to change them.',
        access: GRADERS,
        body: FormUpdate,
      },
      ({ id, body, actor }) => forms.update(id(), body, actor()),
    )
    .route(
      'delete',
      '/forms/:id',
      { summary: 'Delete a QA form without grades (409 otherwise)', access: GRADERS, status: 204 },
      ({ id, actor }) => forms.remove(id(), actor()),
    )
    .route(
      'post',
      '/forms/:id/copy',
      {
        summary: 'Copy a QA form (a new version to restructure)',
        access: GRADERS,
        body: FormCopy,
        status: 201,
      },
      ({ id, body, actor }) => forms.copy(id(), body, actor()),
    )
    .route(
      'get',
      '/grades',
      {
        summary: 'List grades (the newest version of each)',
        description: 'Agents see only the submitted grades of calls their own seat took.',
        access: STAFF,
        query: GradeListQuery,
      },
      ({ query, req }) => grades.list(query, req.principal!),
    )
    .route(
      'post',
      '/grades',
      {
        summary: 'Grade a call with a form',
        description:
          'The score is computed here (weighted percent, 0.1): N/A answers drop out of the weights, a critical ' +
          'question answered 0 fails the form. `submit: true` makes it final at once.',
        access: GRADERS,
        body: GradeCreate,
        status: 201,
      },
      ({ body, actor }) => grades.create(body, actor()),
    )
    .route('get', '/grades/:id', { summary: 'One grade', access: STAFF }, ({ id, req }) =>
      grades.get(id(), req.principal!),
    )
    .route(
      'patch',
      '/grades/:id',
      {
        summary: 'Change or submit a draft grade (a submitted one: 409)',
        access: GRADERS,
        body: GradeUpdate,
      },
      ({ id, body, actor }) => grades.update(id(), body, actor()),
    )
    .route(
      'delete',
      '/grades/:id',
      { summary: 'Delete a draft grade (a submitted one: 409)', access: GRADERS, status: 204 },
      ({ id, actor }) => grades.remove(id(), actor()),
    )
    .route(
      'post',
      '/grades/:id/revisions',
      {
        summary: 'Correct a submitted grade: its next version, by its own author',
        description: 'The old version stays readable; reports count the newest submitted version.',
        access: GRADERS,
        body: GradeRevision,
        status: 201,
      },
      ({ id, body, actor }) => grades.revise(id(), body, actor()),
    )
    .route(
      'get',
      '/grades/:id/versions',
      { summary: 'Every version of a grade, oldest first', access: STAFF },
      ({ id, req }) => grades.versions(id(), req.principal!),
    )
    .route(
      'get',
      '/trends',
      {
        summary: 'QA trend per agent or queue and per day, week or month',
        description:
          'Average score, count and critical fails of submitted grades (newest version), by the time each ' +
          'grade was first submitted, in the box’s time zone; weeks start on Monday. Agents see their own.',
        access: STAFF,
        query: TrendQuery,
      },
      ({ query, req }) => service.trends(query, req.principal!),
    );
}
