import { SoundOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Form, Input, Popover, Radio, Select, Tag, Upload } from 'antd';
import { api, patch, post } from '../api/client';
import { FormField } from '../components/form-fields';
import { byNumber, byText, formatBytes, formatTime } from '../components/format';
import type { ResourceBody } from './types';

interface Prompt {
  id: number;
  name: string;
  kind: 'upload' | 'tts';
  language: 'zh' | 'en';
  text: string | null;
  durationMs: number;
  sizeBytes: number;
  createdAt: string;
}

const AUDIO_TYPE: Record<string, string> = { wav: 'audio/wav', mp3: 'audio/mpeg' };

export const prompts: ResourceBody<Prompt> = {
  api: '/prompts',
  paging: 'client',
  searchText: (p) => [p.name, p.text ?? ''],
  columns: ({ t }) => [
    { title: t('prompts.name'), dataIndex: 'name', sorter: byText((r) => r.name) },
    {
      title: t('prompts.kind'),
      dataIndex: 'kind',
      render: (k: string) => <Tag color={k === 'tts' ? 'purple' : 'blue'}>{t(`prompts.kindName.${k}`)}</Tag>,
    },
    { title: t('prompts.language'), dataIndex: 'language', render: (l: string) => t(`prompts.lang.${l}`) },
    {
      title: t('prompts.duration'),
      dataIndex: 'durationMs',
      sorter: byNumber((r) => r.durationMs),
      render: (ms: number) => t('prompts.seconds', { n: (ms / 1000).toFixed(1) }),
    },
    { title: t('prompts.size'), dataIndex: 'sizeBytes', render: formatBytes },
    { title: t('prompts.text'), dataIndex: 'text', ellipsis: true, render: (v) => v ?? '—' },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatTime },
  ],
  rowActions: (p, { t }) => (
    <Popover
      trigger="click"
      destroyOnHidden
      content={
        // biome-ignore lint/a11y/useMediaCaption: a recorded prompt has no caption track
        <audio controls autoPlay src={`/api/v1/prompts/${p.id}/audio`} />
      }
    >
      <Button type="text" size="small" icon={<SoundOutlined />} aria-label={t('prompts.play')} />
    </Popover>
  ),
  form: {
    initialValues: { source: 'tts', language: 'zh' },
    // a prompt's audio is set once, when it is created; editing renames it
    fields: ({ t, editing }) => [
      { name: 'name', label: t('prompts.name'), required: true },
      !editing && {
        name: 'source',
        label: t('prompts.source'),
        input: (
          <Radio.Group
            options={[
              { value: 'tts', label: t('prompts.kindName.tts') },
              { value: 'upload', label: t('prompts.kindName.upload') },
            ]}
          />
        ),
      },
      !editing && {
        name: 'language',
        label: t('prompts.language'),
        input: <Select options={['zh', 'en'].map((l) => ({ value: l, label: t(`prompts.lang.${l}`) }))} />,
      },
      !editing && (
        <Form.Item key="audio" noStyle shouldUpdate={(a, b) => a.source !== b.source}>
          {({ getFieldValue }) =>
            getFieldValue('source') === 'upload' ? (
              <FormField
                name="file"
                label={t('prompts.file')}
                extra={t('prompts.fileHelp')}
                valuePropName="fileList"
                getValueFromEvent={(e) => e?.fileList?.slice(-1)}
                required
                input={
                  <Upload accept=".wav,.mp3,audio/wav,audio/mpeg" beforeUpload={() => false} maxCount={1}>
                    <Button icon={<UploadOutlined />}>{t('prompts.chooseFile')}</Button>
                  </Upload>
                }
              />
            ) : (
              <FormField
                name="text"
                label={t('prompts.text')}
                extra={t('prompts.textHelp')}
                required
                input={<Input.TextArea rows={3} maxLength={500} showCount />}
              />
            )
          }
        </Form.Item>
      ),
    ],
    toBody: (v) => ({ name: v.name }),
    submit: async (v, editing) => {
      if (editing) return patch(`/prompts/${editing.id}`, { name: v.name });
      if (v.source === 'tts') return post('/prompts', { name: v.name, text: v.text, language: v.language });
      const file: File = v.file[0].originFileObj;
      const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
      return api('POST', '/prompts', {
        query: { name: v.name, language: v.language },
        raw: { data: file, type: AUDIO_TYPE[ext] ?? file.type ?? 'audio/wav' },
      });
    },
  },
};
