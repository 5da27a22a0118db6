/**
 * The live stream as hotlined defines it (src/live/types.ts). Type-only: the
 * server's declarations are checked against, never bundled.
 */
export type {
  AgentView,
  Banner,
  LiveDelta,
  LiveSnapshot as LiveState,
  QueueView,
} from '../../../src/live/types';
