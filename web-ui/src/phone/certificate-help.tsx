import { Alert, Button, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateInfo } from '../../../src/tls/certificate';
import { get } from '../api/client';

/**
 * The phone's websocket never opened: on the box's own self-signed
 * certificate that is the browser refusing it until the user has accepted
 * it once. Says how (open the box's HTTPS address in a new tab, compare the
 * fingerprint with the one below, accept, come back) and retries.
 */
export function CertificateHelp({ httpsOrigin, onRetry }: { httpsOrigin: string; onRetry: () => void }) {
  const { t } = useTranslation();
  const [fingerprint, setFingerprint] = useState<string | null>(null);
  useEffect(() => {
    get<CertificateInfo>('/tls/certificate').then(
      (c) => setFingerprint(c.fingerprint),
      () => setFingerprint(null),
    );
  }, []);
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="phone-certificate-help"
      title={t('phone.certificate.title')}
      description={
        <Space orientation="vertical">
          <Typography.Text>{t('phone.certificate.why')}</Typography.Text>
          <Typography.Text>
            {t('phone.certificate.step1')}{' '}
            <Typography.Link
              href={httpsOrigin}
              target="_blank"
              rel="noreferrer"
              data-testid="phone-accept-link"
            >
              {httpsOrigin}
            </Typography.Link>
          </Typography.Text>
          {fingerprint && (
            <Typography.Text>
              {t('phone.certificate.step2')}{' '}
              <Typography.Text code copyable data-testid="phone-fingerprint">
                {fingerprint}
              </Typography.Text>
            </Typography.Text>
          )}
          <Typography.Text>{t('phone.certificate.step3')}</Typography.Text>
          <Button onClick={onRetry}>{t('phone.retry')}</Button>
        </Space>
      }
    />
  );
}
