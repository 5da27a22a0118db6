import { m001Init } from './001-init.js';
import { m002SeatClassVoicemail } from './002-seat-class-voicemail.js';
import { m003CdrNumberTime } from './003-cdr-number-time.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Append only; never edit a migration that has shipped. */
export const MIGRATIONS: Migration[] = [m001Init, m002SeatClassVoicemail, m003CdrNumberTime];
