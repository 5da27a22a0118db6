import type { DialplanStep } from './steps.js';

/**
 * Who records a call: always (from the moment a person answers), never, or
 * on demand (a seat in the call dials the feature code, *1).
 */
export const RECORDING_POLICIES = ['always', 'never', 'on_demand'] as const;
export type RecordingPolicy = (typeof RECORDING_POLICIES)[number];

/** The applicationmap feature in firmware-config/asterisk/features.conf. */
export const ON_DEMAND_FEATURE = 'hotline-record';
/** The DTMF a seat dials during a call to start recording it (features.conf). */
export const ON_DEMAND_CODE = '*1';
/** Base dialplan subroutine (extensions.conf) that starts MixMonitor on the calling channel. */
export const RECORD_START_CONTEXT = 'hotline-record-start';

/**
 * Pure: the dialplan steps that apply a recording policy to the channel that
 * runs them (the caller's), before it is put through to a person (Dial or
 * Queue). Used by the seat dialplan and by the queue dialplan.
 *
 * - always: Gosub(hotline-record-start), which starts MixMonitor with the `b`
 *   option (only bridged audio: no queue music, no ringing) into
 *   <spooldir>/monitor/hotline/<YYYYMMDD>/<LINKEDID>-<UNIQUEID>.wav and sets
 *   CDR(recording) to the part after hotline/. Once per channel: a call
 *   already recorded is not recorded twice.
 * - on_demand: makes the hotline-record feature (*1) available on the call's
 *   channels (inherited by the callee); only a seat's channel may use it (the
 *   feature's subroutine checks HOTLINE_SEAT), and it then records the same way.
 * - never: nothing.
 */
export function recordingSteps(policy: RecordingPolicy): DialplanStep[] {
  switch (policy) {
    case 'always':
      return [{ app: `Gosub(${RECORD_START_CONTEXT},s,1)` }];
    case 'on_demand':
      // DYNAMIC_FEATURES is a #-separated list; keep features others enabled
      return [
        {
          app: `Set(__DYNAMIC_FEATURES=\${IF($["\${DYNAMIC_FEATURES}" = ""]?${ON_DEMAND_FEATURE}:\${DYNAMIC_FEATURES}#${ON_DEMAND_FEATURE})})`,
        },
      ];
    case 'never':
      return [];
  }
}
