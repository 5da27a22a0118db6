import { m001Init } from './001-init.js';
import { m002SeatClassVoicemail } from './002-seat-class-voicemail.js';
import { m003CdrNumberTime } from './003-cdr-number-time.js';
import { m004Trunks } from './004-trunks.js';
import { m005SchedulesInbound } from './005-schedules-inbound.js';
import { m006PromptsVoicemail } from './006-prompts-voicemail.js';
import { m007OutboundRoutes } from './007-outbound-routes.js';
import { m008Customers } from './008-customers.js';
import { m009QueuesAgents } from './009-queues-agents.js';
import { m010Ivrs } from './010-ivrs.js';
import { m011CallsRecordings } from './011-calls-recordings.js';
import { m012HardwareE1 } from './012-hardware-e1.js';
import { m013LiveWallboard } from './013-live-wallboard.js';
import { m014Kb } from './014-kb.js';
import { m016Tickets } from './016-tickets.js';
import { m017Desk } from './017-desk.js';
import { m018LiveCallerNumbers } from './018-live-caller-numbers.js';
import { m019CustomerCompany } from './019-customer-company.js';
import { m020TollFraud } from './020-toll-fraud.js';
import { m024Supervise } from './024-supervise.js';
import { m025Qa } from './025-qa.js';
import { m026ReportRollups } from './026-report-rollups.js';
import { m028Sms } from './028-sms.js';
import { m029Mail } from './029-mail.js';
import { m030Contacts } from './030-contacts.js';
import { m031CdrLost } from './031-cdr-lost.js';
import { m032Campaigns } from './032-campaigns.js';
import { m033Notify } from './033-notify.js';
import { m034Callbacks } from './034-callbacks.js';
import { m035BackupGuard } from './035-backup-guard.js';
import { m037SupervisedQueues } from './037-supervised-queues.js';
import { m038ReportSchedules } from './038-report-schedules.js';
import { m039CallHolds } from './039-call-holds.js';
import { m040NotifyDelayWebhookVoicemailMail } from './040-notify-delay-webhook-voicemail-mail.js';
import { m041MustChangePassword } from './041-must-change-password.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Append only; never edit a migration that has shipped. */
export const MIGRATIONS: Migration[] = [
  m001Init,
  m002SeatClassVoicemail,
  m003CdrNumberTime,
  m004Trunks,
  m005SchedulesInbound,
  m006PromptsVoicemail,
  m007OutboundRoutes,
  m008Customers,
  m009QueuesAgents,
  m010Ivrs,
  m011CallsRecordings,
  m012HardwareE1,
  m013LiveWallboard,
  m014Kb,
  m016Tickets,
  m017Desk,
  m018LiveCallerNumbers,
  m019CustomerCompany,
  m020TollFraud,
  m024Supervise,
  m025Qa,
  m026ReportRollups,
  m028Sms,
  m029Mail,
  m030Contacts,
  m031CdrLost,
  m032Campaigns,
  m033Notify,
  m034Callbacks,
  m035BackupGuard,
  m037SupervisedQueues,
  m038ReportSchedules,
  m039CallHolds,
  m040NotifyDelayWebhookVoicemailMail,
  m041MustChangePassword,
];
