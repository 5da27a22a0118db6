import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../api/client';
import { showApiError } from '../components/api-errors';
import type { FormView } from './api';

const NEW_QUESTION = { text: '', kind: 'yesno', weight: 1, critical: false, allowNa: false };

/** One question's row: text, kind (with N for a scale), weight, critical, N/A allowed. */
function QuestionFields({ path, remove }: { path: number; remove: () => void }) {
  const { t } = useTranslation();
  return (
    <Space align="baseline" wrap>
      <Form.Item name={[path, 'text']} rules={[{ required: true }]} style={{ width: 260 }}>
        <Input placeholder={t('qa.question')} />
      </Form.Item>
      <Form.Item name={[path, 'kind']} label={t('qa.kind')}>
        <Select
          style={{ width: 110 }}
          options={[
            { value: 'yesno', label: t('qa.yesno') },
            { value: 'scale', label: t('qa.scale') },
          ]}
        />
      </Form.Item>
      {/* N is used by a scale only; a yes/no question ignores it */}
      <Form.Item name={[path, 'max']} label={t('qa.max')}>
        <InputNumber min={1} max={10} style={{ width: 70 }} />
      </Form.Item>
      <Form.Item name={[path, 'weight']} label={t('qa.weight')}>
        <InputNumber min={0.1} max={100} style={{ width: 80 }} />
      </Form.Item>
      <Form.Item name={[path, 'critical']} valuePropName="checked">
        <Checkbox>{t('qa.critical')}</Checkbox>
      </Form.Item>
      <Form.Item name={[path, 'allowNa']} valuePropName="checked">
        <Checkbox>{t('qa.allowNa')}</Checkbox>
      </Form.Item>
      <MinusCircleOutlined onClick={remove} />
    </Space>
  );
}

/**
 * The form builder: sections of weighted questions. A form with grades keeps
 * its structure (the server answers 409; the message is shown as it comes):
 * copy it to change it.
 */
export function FormBuilder(props: { editing: FormView | null; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const save = async () => {
    const values = await form.validateFields();
    const body = {
      name: values.name,
      sections: values.sections.map((s: { title: string; questions: Record<string, unknown>[] }) => ({
        title: s.title,
        questions: s.questions.map(({ max, ...q }) => (q.kind === 'scale' ? { ...q, max: max ?? 5 } : q)),
      })),
    };
    try {
      if (props.editing) await patch(`/qa/forms/${props.editing.id}`, body);
      else await post('/qa/forms', body);
      props.onClose(true);
    } catch (err) {
      showApiError(err, { form, message, t });
    }
  };
  return (
    <Modal
      open
      width={960}
      title={props.editing ? `${t('qa.edit')} ${props.editing.name}` : t('qa.newForm')}
      onOk={save}
      onCancel={() => props.onClose(false)}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={props.editing ?? { name: '', sections: [{ title: '', questions: [NEW_QUESTION] }] }}
      >
        <Form.Item name="name" label={t('qa.name')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.List name="sections">
          {(sections, { add, remove }) => (
            <>
              {sections.map((s) => (
                <Card
                  key={s.key}
                  size="small"
                  style={{ marginBottom: 8 }}
                  title={
                    <Form.Item name={[s.name, 'title']} rules={[{ required: true }]} noStyle>
                      <Input placeholder={t('qa.section')} style={{ width: 300 }} />
                    </Form.Item>
                  }
                  extra={<MinusCircleOutlined onClick={() => remove(s.name)} />}
                >
                  <Form.List name={[s.name, 'questions']}>
                    {(questions, q) => (
                      <>
                        {questions.map((f) => (
                          <QuestionFields key={f.key} path={f.name} remove={() => q.remove(f.name)} />
                        ))}
                        <Button icon={<PlusOutlined />} onClick={() => q.add(NEW_QUESTION)}>
                          {t('qa.addQuestion')}
                        </Button>
                      </>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ title: '', questions: [NEW_QUESTION] })}>
                {t('qa.addSection')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
