/*
 * The recording policy and its dialplan steps live in src/dialplan/ (seats,
 * queues and destinations compile them without importing this domain).
 */
export {
  ON_DEMAND_CODE,
  ON_DEMAND_FEATURE,
  RECORD_START_CONTEXT,
  RECORDING_POLICIES,
  type RecordingPolicy,
  recordingSteps,
} from '../dialplan/recording.js';
