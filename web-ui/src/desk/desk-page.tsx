import { Card, Col, Empty, Result, Row, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client';
import { useSession } from '../auth/session';
import { SuperviseButtons } from '../callcenter/supervise-buttons';
import { CallControls, type Directory } from './call-controls';
import { KbPanel } from './kb-panel';
import { MyCalls } from './my-calls';
import { MyTickets } from './my-tickets';
import { PhoneSlot } from './phone-slot';
import { AUTO_OPEN_KEY, PopCard } from './pop-card';
import { PreviewPanel } from './preview-panel';
import { StateBar } from './state-bar';
import { useDesk } from './use-desk';
import { WrapUpPanel } from './wrap-up-panel';

/**
 * /desk: the agent's home page. Agents work their own seat; supervisors and
 * admins pick one (their own by default, when they have one).
 */
export function DeskPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const own = user?.seatExtension ?? undefined;
  const isAgent = user?.role === 'agent';
  const [picked, setPicked] = useState<string | undefined>(own);
  const [dir, setDir] = useState<Directory>({ seats: [], queues: [] });
  useEffect(() => {
    void get<Directory>('/desk/directory').then(setDir, () => undefined);
  }, []);
  if (isAgent && !own) return <Result status="warning" title={t('desk.noSeat')} />;
  const seat = isAgent ? own : picked;
  const picker = isAgent ? null : (
    <Select
      showSearch
      style={{ width: 220 }}
      placeholder={t('desk.pickSeat')}
      value={picked}
      onChange={setPicked}
      options={dir.seats.map((s) => ({ value: s.extension, label: `${s.extension} · ${s.name}` }))}
      data-testid="desk-seat-picker"
    />
  );
  if (!seat)
    return (
      <Card title={t('desk.title')} extra={picker}>
        <Empty description={t('desk.pickSeatHint')} />
      </Card>
    );
  return (
    <DeskView
      key={seat}
      seat={seat}
      agent={isAgent ? undefined : seat}
      ownSeat={seat === own}
      dir={dir}
      picker={picker}
    />
  );
}

function DeskView({
  seat,
  agent,
  ownSeat,
  dir,
  picker,
}: {
  seat: string;
  agent: string | undefined;
  /** Wrap-ups are the answering agent's own: not offered on another seat's desk. */
  ownSeat: boolean;
  dir: Directory;
  picker: React.ReactNode;
}) {
  const { t } = useTranslation();
  const desk = useDesk(agent);
  const [dialRequest, setDialRequest] = useState<{ number: string; at: number } | null>(null);
  const [autoOpen, setAutoOpen] = useState(localStorage.getItem(AUTO_OPEN_KEY) === '1');
  const queueNames = useMemo(() => new Map(dir.queues.map((q) => [q.id, q.name])), [dir]);
  const { call, wrapUps } = desk.state;
  const wrap = ownSeat ? wrapUps[0] : undefined;
  const onDial = (number: string) => setDialRequest({ number, at: Date.now() });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="desk-page">
      <StateBar
        desk={desk}
        extra={
          <Space>
            <Switch
              size="small"
              checked={autoOpen}
              onChange={(on) => {
                localStorage.setItem(AUTO_OPEN_KEY, on ? '1' : '0');
                setAutoOpen(on);
              }}
            />
            <Typography.Text type="secondary">{t('desk.pop.autoOpen')}</Typography.Text>
            {picker}
            {agent && !ownSeat && <SuperviseButtons extension={seat} talking={call?.phase === 'talking'} />}
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <PopCard call={call} onDial={onDial} onDismiss={() => desk.dispatch({ type: 'dismiss' })} />
            <CallControls desk={desk} seat={seat} dir={dir} dialRequest={dialRequest} />
            {wrap && <WrapUpPanel key={wrap.callId} desk={desk} call={wrap} />}
            <MyCalls agent={agent} queues={queueNames} version={wrapUps.length} onDial={onDial} />
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <PhoneSlot seat={seat} ownSeat={ownSeat} />
            {ownSeat && <PreviewPanel offers={desk.offers} onDial={onDial} />}
            <MyTickets version={desk.tickets} onDial={onDial} />
            <KbPanel pop={call?.pop ?? wrap?.pop ?? null} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
