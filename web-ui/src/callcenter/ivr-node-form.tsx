import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DestinationPicker } from '../components/destination-picker';
import { useNamedOptions } from '../components/use-options';
import { blankNode, type IvrNode, type IvrTree, KEYS, NODE_TYPES, type NodeType, setSlot } from './ivr-model';

export interface FieldError {
  field: string;
  message: string;
}

interface Props {
  id: string;
  tree: IvrTree;
  error: FieldError | null;
  onChange: (n: IvrNode) => void;
  onRename: (to: string) => boolean;
}

/** The form of one node, by its type; an API error naming a field of this node shows on that field. */
export function IvrNodeForm({ id, tree, error, onChange, onRename }: Props) {
  const { t } = useTranslation();
  const node = tree.nodes[id]!;
  const prompts = useNamedOptions('/prompts');
  const schedules = useNamedOptions('/schedules', node.type === 'schedule');
  const [idDraft, setIdDraft] = useState(id);
  useEffect(() => setIdDraft(id), [id]);

  const prefix = `tree.nodes.${id}`;
  /** antd Form.Item status for a field below this node (`options.2`, `promptId`, `destination.extension`). */
  // the API's message may start with the field path it names: the field is marked, so that part goes
  const text = error?.message.startsWith(`${error.field}: `)
    ? error.message.slice(error.field.length + 2)
    : error?.message;
  const status = (sub: string, exact = false) =>
    error && (error.field === `${prefix}.${sub}` || (!exact && error.field.startsWith(`${prefix}.${sub}.`)))
      ? { validateStatus: 'error' as const, help: <span data-testid={`error-${sub}`}>{text}</span> }
      : {};
  const nodeLevel = error && (error.field === prefix || error.field === 'tree.start') ? error : null;
  const set = (patch: Partial<IvrNode>) => onChange({ ...node, ...patch });
  const refOptions = Object.keys(tree.nodes)
    .filter((k) => k !== id || node.type === 'menu')
    .map((k) => ({ value: k, label: tree.nodes[k]!.name ? `${k} · ${tree.nodes[k]!.name}` : k }));
  const ref = (field: string, label: string) => (
    <Form.Item label={label} {...status(field)} key={field}>
      <Select
        value={
          (field.startsWith('options.')
            ? node.options?.[field.slice(8)]
            : (node as unknown as Record<string, string | undefined>)[field]) || undefined
        }
        options={refOptions}
        onChange={(v) => onChange(setSlot(node, field, v))}
        data-testid={`ref-${field}`}
      />
    </Form.Item>
  );
  const prompt = (field: 'promptId' | 'invalidPromptId', label: string, nullable = false) => (
    <Form.Item label={label} {...status(field)}>
      <Select
        allowClear={nullable}
        value={node[field] ?? undefined}
        options={prompts.options}
        loading={prompts.loading}
        showSearch={{ optionFilterProp: 'label' }}
        onChange={(v) => set({ [field]: v === undefined ? (nullable ? null : undefined) : Number(v) })}
        data-testid={`field-${field}`}
      />
    </Form.Item>
  );
  const num = (field: 'timeoutSeconds' | 'retries' | 'minDigits' | 'maxDigits', min: number, max: number) => (
    <Form.Item label={t(`ivrs.${field}`)} {...status(field)}>
      <InputNumber
        min={min}
        max={max}
        value={node[field]}
        onChange={(v) => set({ [field]: v ?? undefined })}
      />
    </Form.Item>
  );
  const textField = (field: 'variable' | 'value', upper = false) => (
    <Form.Item label={t(`ivrs.${field}`)} {...status(field)}>
      <Input
        value={node[field] ?? ''}
        onChange={(e) => set({ [field]: upper ? e.target.value.toUpperCase() : e.target.value })}
        data-testid={`field-${field}`}
      />
    </Form.Item>
  );

  return (
    <Form layout="vertical" data-testid="ivr-node-form">
      {nodeLevel && <Alert type="error" showIcon title={text} style={{ marginBottom: 12 }} />}
      <Space wrap>
        <Form.Item label={t('ivrs.nodeId')}>
          <Input
            value={idDraft}
            onChange={(e) => setIdDraft(e.target.value)}
            onBlur={() => !onRename(idDraft) && setIdDraft(id)}
            style={{ width: 160 }}
            data-testid="field-id"
          />
        </Form.Item>
        <Form.Item label={t('ivrs.type')}>
          <Select
            style={{ width: 160 }}
            value={node.type}
            options={NODE_TYPES.map((ty) => ({ value: ty, label: t(`ivrs.types.${ty}`) }))}
            onChange={(ty: NodeType) => onChange(blankNode(ty, node.name))}
            data-testid="field-type"
          />
        </Form.Item>
        <Form.Item label={t('ivrs.nodeName')} {...status('name')}>
          <Input
            value={node.name ?? ''}
            onChange={(e) => set({ name: e.target.value || undefined })}
            data-testid="field-name"
          />
        </Form.Item>
      </Space>
      {(node.type === 'play' || node.type === 'menu' || node.type === 'collect') &&
        prompt('promptId', t('ivrs.prompt'))}
      {node.type === 'menu' && (
        <>
          <Form.Item label={t('ivrs.options')} {...status('options', true)}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              {Object.entries(node.options ?? {}).map(([k, to]) => (
                <Form.Item key={k} style={{ marginBottom: 0 }} {...status(`options.${k}`)}>
                  <Space>
                    <Select
                      style={{ width: 70 }}
                      value={k}
                      options={KEYS.filter((x) => x === k || !node.options?.[x]).map((x) => ({
                        value: x,
                        label: x,
                      }))}
                      onChange={(nk) => {
                        const { [k]: _, ...rest } = node.options ?? {};
                        set({ options: { ...rest, [nk]: to } });
                      }}
                    />
                    <Select
                      style={{ width: 220 }}
                      value={to || undefined}
                      options={refOptions}
                      onChange={(v) => onChange(setSlot(node, `options.${k}`, v))}
                      data-testid={`ref-options.${k}`}
                    />
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('common.delete')}
                      data-testid={`remove-option-${k}`}
                      onClick={() => {
                        const { [k]: _, ...rest } = node.options ?? {};
                        set({ options: rest });
                      }}
                    />
                  </Space>
                </Form.Item>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                disabled={KEYS.every((x) => node.options?.[x] !== undefined)}
                onClick={() => {
                  const free = KEYS.find((x) => node.options?.[x] === undefined)!;
                  set({ options: { ...(node.options ?? {}), [free]: '' } });
                }}
              >
                {t('ivrs.addOption')}
              </Button>
            </Space>
          </Form.Item>
          <Space wrap>
            {num('timeoutSeconds', 1, 30)}
            {num('retries', 0, 5)}
          </Space>
          {prompt('invalidPromptId', t('ivrs.invalidPrompt'), true)}
          {ref('onTimeout', t('ivrs.onTimeout'))}
          {ref('onInvalid', t('ivrs.onInvalid'))}
        </>
      )}
      {node.type === 'collect' && (
        <>
          <Space wrap>
            {num('minDigits', 1, 20)}
            {num('maxDigits', 1, 20)}
            {num('timeoutSeconds', 1, 30)}
            {num('retries', 0, 5)}
            <Form.Item label={t('ivrs.terminator')} {...status('terminator')}>
              <Select
                style={{ width: 100 }}
                value={node.terminator ?? 'none'}
                options={[
                  { value: '#', label: '#' },
                  { value: '*', label: '*' },
                  { value: 'none', label: t('ivrs.none') },
                ]}
                onChange={(v) => set({ terminator: v === 'none' ? null : (v as '#' | '*') })}
              />
            </Form.Item>
          </Space>
          {textField('variable', true)}
        </>
      )}
      {node.type === 'set' && (
        <>
          {textField('variable', true)}
          {textField('value')}
        </>
      )}
      {node.type === 'schedule' && (
        <>
          <Form.Item label={t('ivrs.schedule')} {...status('scheduleId')}>
            <Select
              value={node.scheduleId}
              options={schedules.options}
              loading={schedules.loading}
              onChange={(v) => set({ scheduleId: Number(v) })}
              data-testid="field-scheduleId"
            />
          </Form.Item>
          {ref('open', t('ivrs.open'))}
          {ref('closed', t('ivrs.closed'))}
        </>
      )}
      {(node.type === 'play' || node.type === 'collect' || node.type === 'lookup' || node.type === 'set') &&
        ref('next', t('ivrs.next'))}
      {node.type === 'transfer' && (
        <Form.Item label={t('ivrs.destination')} {...status('destination')}>
          <DestinationPicker value={node.destination} onChange={(d) => set({ destination: d })} />
        </Form.Item>
      )}
    </Form>
  );
}
