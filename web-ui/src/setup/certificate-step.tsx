import { Alert, App, Button, Collapse, Descriptions, Form, Input } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, put } from '../api/client';
import { showApiError } from '../components/api-errors';

interface CertificateInfo {
  subject: string;
  sans: string[];
  fingerprint: string;
  validTo: string;
  generated: boolean;
}

/** The box's TLS certificate: keep the generated one, or paste the customer's own (PUT /tls/certificate). */
export function CertificateStep() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [info, setInfo] = useState<CertificateInfo | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void get<CertificateInfo>('/tls/certificate').then(setInfo, () => {});
  }, []);

  const upload = async (v: { cert: string; key: string }) => {
    setBusy(true);
    try {
      setInfo(await put<CertificateInfo>('/tls/certificate', v));
      form.resetFields();
      message.success(t('setup.certUploaded'));
    } catch (err) {
      showApiError(err, { form, message, t });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {info && (
        <Descriptions size="small" column={1} bordered title={t('setup.certCurrent')} data-testid="cert-info">
          <Descriptions.Item label="Subject">{info.subject}</Descriptions.Item>
          <Descriptions.Item label="SAN">{info.sans.join(', ')}</Descriptions.Item>
          <Descriptions.Item label={t('setup.fingerprint')}>
            <code style={{ wordBreak: 'break-all' }}>{info.fingerprint}</code>
          </Descriptions.Item>
          <Descriptions.Item label={t('setup.validTo')}>
            {dayjs(info.validTo).format('YYYY-MM-DD')}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Alert type="success" showIcon title={t('setup.keepCert')} style={{ margin: '16px 0' }} />
      <Collapse
        items={[
          {
            key: 'upload',
            label: t('setup.uploadCert'),
            children: (
              <Form form={form} name="certificate" layout="vertical" onFinish={upload}>
                <Form.Item name="cert" label={t('setup.certPem')} rules={[{ required: true }]}>
                  <Input.TextArea rows={5} placeholder="-----BEGIN CERTIFICATE-----" />
                </Form.Item>
                <Form.Item name="key" label={t('setup.keyPem')} rules={[{ required: true }]}>
                  <Input.TextArea rows={5} placeholder="-----BEGIN PRIVATE KEY-----" />
                </Form.Item>
                <Button htmlType="submit" loading={busy}>
                  {t('setup.uploadCert')}
                </Button>
              </Form>
            ),
          },
        ]}
      />
    </>
  );
}
