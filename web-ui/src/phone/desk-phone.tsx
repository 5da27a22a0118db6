import type { ReactNode } from 'react';
import { PhonePanel } from './phone-panel';
import { useBrowserPhone } from './use-browser-phone';

/**
 * The phone on the agent's desk: the browser phone when the agent's seat is
 * one (transport wss), otherwise `deskPhone` (the seat's own phone answers).
 */
export function DeskPhone({ deskPhone }: { deskPhone: ReactNode }) {
  const phone = useBrowserPhone();
  const { registration, reason } = phone.state;
  if (registration === 'error' && reason === 'no-seat') return deskPhone;
  return <PhonePanel phone={phone} />;
}
