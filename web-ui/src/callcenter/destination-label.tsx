import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../api/client';
import { type Destination, describeDestination } from '../components/destination-picker';
import { useQueueNames } from './queue-names';

let ivrCache: Promise<Map<number, string>> | null = null;
let ivrsAt = 0;
const loadIvrNames = () => {
  if (!ivrCache || Date.now() - ivrsAt > 5000) {
    ivrsAt = Date.now();
    ivrCache = get<Page<{ id: number; name: string }>>('/ivrs', { limit: 500 })
      .then((p) => new Map(p.items.map((x) => [x.id, x.name])))
      .catch(() => new Map());
  }
  return ivrCache;
};

/** A destination for a table cell: queues and IVRs by name, the rest as describeDestination says. */
export function DestinationLabel({ d }: { d: Destination | null | undefined }) {
  const { t } = useTranslation();
  const queues = useQueueNames();
  const [ivrs, setIvrs] = useState<Map<number, string>>(new Map());
  useEffect(() => {
    if (d?.type !== 'ivr') return;
    let live = true;
    void loadIvrNames().then((m) => live && setIvrs(m));
    return () => {
      live = false;
    };
  }, [d?.type]);
  if (d?.type === 'queue' && queues.has(d.queueId))
    return <>{`${t('destination.type.queue')} ${queues.get(d.queueId)}`}</>;
  if (d?.type === 'ivr' && ivrs.has(d.ivrId))
    return <>{`${t('destination.type.ivr')} ${ivrs.get(d.ivrId)}`}</>;
  return <>{describeDestination(d ?? undefined, t)}</>;
}
