import { nameLoader, useNames } from '../components/names';

const loadQueueNames = nameLoader('/queues');

export const useQueueNames = () => useNames(loadQueueNames);

export function QueueName({ id }: { id: number | null }) {
  const names = useQueueNames();
  if (id === null) return <>—</>;
  return <>{names.get(id) ?? `#${id}`}</>;
}
