import { Tag } from 'antd';

/** A trunk's live status as GET /trunks sends it. */
export interface TrunkStatus {
  registration: string;
  reachability: string;
  rttMs: number | null;
}

/** Registered/reachable is green; a refused registration or an unreachable peer is red. */
export function trunkStatusTag(s: TrunkStatus | undefined, t: (k: string) => string) {
  if (!s) return <Tag>{t('trunks.state.unknown')}</Tag>;
  if (s.registration === 'rejected' || s.reachability === 'unreachable')
    return (
      <Tag color="red">
        {t(s.registration === 'rejected' ? 'trunks.state.rejected' : 'trunks.state.unreachable')}
      </Tag>
    );
  if (s.registration === 'registered' || s.reachability === 'reachable')
    return (
      <Tag color="green">
        {t(s.registration === 'registered' ? 'trunks.state.registered' : 'trunks.state.reachable')}
      </Tag>
    );
  return (
    <Tag color="orange">
      {t(`trunks.state.${s.registration === 'unregistered' ? 'unregistered' : 'unknown'}`)}
    </Tag>
  );
}
