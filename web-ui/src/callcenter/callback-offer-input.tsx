import { SoundOutlined } from '@ant-design/icons';
import { App, Button, Form, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api/client';
import { showApiError } from '../components/api-errors';
import { PromptSelect } from '../components/prompt-select';

/**
 * The queue's callback offer (settings.callbackPromptId): any prompt, or one
 * spoken from the default wording for the queue's key, made here in one click
 * (the prompts domain synthesizes it once per text).
 */
export function CallbackOfferInput(props: { value?: number | null; onChange?: (v: number | null) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const key: string | undefined = Form.useWatch(['settings', 'callbackKey']);
  // the list is fetched again once the new prompt exists
  const [version, setVersion] = useState(0);
  const [busy, setBusy] = useState(false);
  const generate = async () => {
    setBusy(true);
    try {
      const p = await post<{ id: number }>('/prompts', {
        name: t('queues.callbackOfferName', { key }),
        text: t('queues.callbackOfferText', { key }),
        // spoken in the language the wording is in
        language: i18n.language.startsWith('en') ? 'en' : 'zh',
      });
      setVersion((v) => v + 1);
      props.onChange?.(p.id);
    } catch (err) {
      showApiError(err, { message, t });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space.Compact style={{ width: '100%' }}>
      <PromptSelect key={version} allowClear value={props.value} onChange={props.onChange} />
      <Button icon={<SoundOutlined />} disabled={!key} loading={busy} onClick={() => void generate()}>
        {t('queues.callbackOfferGenerate')}
      </Button>
    </Space.Compact>
  );
}
