import { type ApiRouter, apiRouter, READERS, type RequireRole } from '../kit/router.js';
import { DayQuery, ErlangQuery } from './schema.js';
import type { StaffingService } from './service.js';

export function staffingRoutes(service: StaffingService, requireRole: RequireRole): ApiRouter {
  return apiRouter(requireRole)
    .route(
      'get',
      '/erlang',
      {
        summary: 'Agents needed for a load and a service-level target (Erlang C what-if)',
        description:
          '`calls` in `intervalMinutes` with `ahtSeconds` handle time; answers the fewest agents that ' +
          'answer `serviceLevelPct` of calls within `targetSeconds` (default 20) with occupancy at most `maxOccupancyPct`.',
        access: READERS,
        query: ErlangQuery,
      },
      ({ query }) => service.whatIf(query),
    )
    .route(
      'get',
      '/day',
      {
        summary: 'Forecast, agents needed and agents logged in per half hour of one day of a queue',
        description:
          'The forecast is the mean of the same weekday over the last `weeks` weeks; the target seconds ' +
          "default to the queue's service level; handle time is talk plus the queue's wrap-up.",
        access: READERS,
        query: DayQuery,
      },
      ({ query }) => service.day(query),
    );
}
