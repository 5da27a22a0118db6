/**
 * Destinations: where a call goes. Shared by inbound routes (this issue),
 * announcements' "then", and later IVR options and queue overflow.
 */
export {
  announcementContext,
  ivrContext,
  queueContext,
  compileDestination,
  type DialplanStep,
  renderExtension,
  scheduleContext,
} from './compile.js';
export {
  createDestinations,
  type DestinationHolder,
  type DestinationRef,
  type Destinations,
} from './refs.js';
export {
  Destination,
  PlainDestination,
  parseDestination,
  ScheduleDestination,
} from './schema.js';
