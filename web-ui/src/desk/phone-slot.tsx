import { PhoneOutlined } from '@ant-design/icons';
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * The place of the browser phone (WebRTC, JsSIP) on the desk: answer, hold,
 * mute and the DTMF pad belong to it, not to the desk's API. Until it is
 * built this says that the seat's own phone does those, rather than showing
 * buttons that would do nothing. The browser phone replaces this
 * component's body and keeps its name and place.
 */
export function PhoneSlot({ seat }: { seat: string }) {
  const { t } = useTranslation();
  return (
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
}
