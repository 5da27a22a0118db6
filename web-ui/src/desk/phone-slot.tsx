import { PhoneOutlined } from '@ant-design/icons';
import { Card, Spin, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

/** JsSIP comes with the phone, not with every console page. */
const DeskPhone = lazy(() => import('../phone/desk-phone').then((m) => ({ default: m.DeskPhone })));

/**
 * The phone's place on the desk. On the agent's own desk it is the browser
 * phone (answer, hold, mute, DTMF) when their seat is a browser seat; a desk
 * phone seat, or another seat's desk watched by a supervisor, shows that the
 * seat's own phone does those.
 */
export function PhoneSlot({ seat, ownSeat }: { seat: string; ownSeat: boolean }) {
  const { t } = useTranslation();
  const deskPhone = (
    <Card
      size="small"
      title={
        <>
          <PhoneOutlined /> {`${t('desk.phone.title')} · ${seat}`}
        </>
      }
      data-testid="phone-slot"
    >
      <Typography.Text type="secondary">{t('desk.phone.deskPhone')}</Typography.Text>
    </Card>
  );
  if (!ownSeat) return deskPhone;
  return (
    <Suspense fallback={<Spin />}>
      <DeskPhone deskPhone={deskPhone} />
    </Suspense>
  );
}
