/**
 * Emergency numbers: China's 110 (police), 119 (fire), 120 (ambulance),
 * 122 (traffic accidents), and 112, which every GSM/3GPP handset treats as
 * an emergency number and which Chinese mobile networks forward to 110.
 * 999 (Beijing's Red Cross ambulance) is a local service number, not a
 * national emergency number, and 911/000 do not apply here.
 *
 * Outbound routes send these out even for an internal seat, past the deny
 * list and the spend guard; no internal number (seat, queue) may equal one,
 * because [from-seats] searches the seats and queues before the routes.
 */
export const EMERGENCY_NUMBERS = ['110', '112', '119', '120', '122'] as const;

export const isEmergencyNumber = (n: string): boolean => (EMERGENCY_NUMBERS as readonly string[]).includes(n);

/** The refusal message for an internal number that would shadow an emergency number, or null. */
export const emergencyShadowProblem = (n: string): string | null =>
  isEmergencyNumber(n) ? `${n} is an emergency number and cannot be used inside the box` : null;

/** zod superRefine for a number dialled inside the box (a seat's extension, a queue's number). */
export function refuseEmergencyNumber(
  n: string,
  ctx: { addIssue(i: { code: 'custom'; message: string }): void },
) {
  const problem = emergencyShadowProblem(n);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}
