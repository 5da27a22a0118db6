import { useTranslation } from 'react-i18next';
import { type Destination, describeDestination } from '../components/destination-picker';
import { nameLoader, useNames } from '../components/names';
import { useQueueNames } from './queue-names';

const loadIvrNames = nameLoader('/ivrs');

/** A destination for a table cell: queues and IVRs by name, the rest as describeDestination says. */
export function DestinationLabel({ d }: { d: Destination | null | undefined }) {
  const { t } = useTranslation();
  const queues = useQueueNames();
  const ivrs = useNames(loadIvrNames, d?.type === 'ivr');
  if (d?.type === 'queue' && queues.has(d.queueId))
    return <>{`${t('destination.type.queue')} ${queues.get(d.queueId)}`}</>;
  if (d?.type === 'ivr' && ivrs.has(d.ivrId))
    return <>{`${t('destination.type.ivr')} ${ivrs.get(d.ivrId)}`}</>;
  return <>{describeDestination(d ?? undefined, t)}</>;
}
