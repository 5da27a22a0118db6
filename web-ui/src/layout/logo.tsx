import { PhoneFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

export function Logo({ collapsed }: { collapsed: boolean }) {
  const { t } = useTranslation();
  return (
    <div
      style={{
        height: 56,
        display: 'flex',
        alignItems: 'center',
        gap: 10,
        padding: collapsed ? '0 28px' : '0 20px',
        color: '#fff',
        fontWeight: 600,
        fontSize: 16,
        whiteSpace: 'nowrap',
        overflow: 'hidden',
      }}
    >
      <PhoneFilled style={{ fontSize: 20, color: '#4096ff' }} />
      {!collapsed && <span>{t('app.name')}</span>}
    </div>
  );
}
