import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input, Radio, Select, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A json-rules-engine condition as src/notify/schema.ts accepts it. */
type Leaf = { fact: string; path?: string; operator: string; value: unknown };
type Conditions = { all?: unknown[]; any?: unknown[]; not?: unknown } & Partial<Leaf>;

const FACTS = ['event', 'customer', 'vars'];
/** json-rules-engine's built-in operators. */
const OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
];

const isLeaf = (c: unknown): c is Leaf =>
  !!c && typeof c === 'object' && 'fact' in c && !('all' in c || 'any' in c || 'not' in c);

/** The builder shows one all/any group of plain rows; anything deeper is edited as JSON. */
function asRows(c: Conditions | undefined): { join: 'all' | 'any'; rows: Leaf[] } | null {
  if (!c) return { join: 'all', rows: [] };
  const join = c.all ? 'all' : c.any ? 'any' : null;
  const rows = join && c[join];
  if (!join || !rows || Object.keys(c).length !== 1 || !rows.every(isLeaf)) return null;
  return { join, rows: rows as Leaf[] };
}

/** A typed value: a number when it reads as one, a list for in / notIn ("a, b"), else the text. */
function parseValue(text: string, operator: string): unknown {
  const one = (s: string) => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s.trim());
  return isList(operator) ? text.split(',').map(one) : one(text);
}
const isList = (operator: string) => operator === 'in' || operator === 'notIn';
const showValue = (v: unknown) => (Array.isArray(v) ? v.join(', ') : v === undefined ? '' : String(v));

/**
 * The rule's conditions, a form input: rows of fact, path, operator and
 * value joined by all / any, or the JSON itself (nested groups, `not`).
 * Invalid JSON stays in the text box and the form's validator refuses it.
 */
export function ConditionsInput({
  value,
  onChange,
}: {
  value?: Conditions | string;
  onChange?: (v: Conditions | string) => void;
}) {
  const { t } = useTranslation();
  const parsed = typeof value === 'string' ? null : asRows(value);
  const [raw, setRaw] = useState(parsed === null);
  const [text, setText] = useState(() => JSON.stringify(value ?? { all: [] }, null, 2));
  const emitted = useRef<unknown>(value);
  // a value from outside (the form opened on another rule): start again from it
  if (value !== emitted.current) {
    emitted.current = value;
    if (typeof value !== 'string') setText(JSON.stringify(value ?? { all: [] }, null, 2));
  }
  const send = (v: Conditions | string) => {
    emitted.current = v;
    onChange?.(v);
  };

  if (raw || parsed === null) {
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.TextArea
          rows={6}
          value={typeof value === 'string' ? value : text}
          data-testid="conditions-json"
          onChange={(e) => {
            setText(e.target.value);
            try {
              send(JSON.parse(e.target.value));
            } catch {
              send(e.target.value); // the validator names it
            }
          }}
          style={{ fontFamily: 'monospace' }}
        />
        {typeof value !== 'string' && asRows(value) && (
          <Button size="small" onClick={() => setRaw(false)}>
            {t('notify-rules.builder')}
          </Button>
        )}
      </Space>
    );
  }
  const { join, rows } = parsed;
  const emit = (j: 'all' | 'any', next: Leaf[]) => {
    const c = { [j]: next } as Conditions;
    setText(JSON.stringify(c, null, 2));
    send(c);
  };
  const setRow = (i: number, patch: Partial<Leaf>) =>
    emit(
      join,
      rows.map((r, k) => {
        if (k !== i) return r;
        const next = { ...r, ...patch };
        if (!next.path) delete next.path;
        return next;
      }),
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Radio.Group
          size="small"
          value={join}
          onChange={(e) => emit(e.target.value, rows)}
          options={[
            { value: 'all', label: t('notify-rules.all') },
            { value: 'any', label: t('notify-rules.any') },
          ]}
          optionType="button"
        />
        <Button size="small" onClick={() => setRaw(true)} data-testid="conditions-raw">
          {t('notify-rules.rawJson')}
        </Button>
      </Space>
      {rows.map((r, i) => (
        // rows have no identity of their own: the index is the row
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Space key={i} wrap>
          <Select
            style={{ width: 110 }}
            value={r.fact}
            options={FACTS.map((f) => ({ value: f, label: t(`notify-rules.facts.${f}`) }))}
            onChange={(fact) => setRow(i, { fact })}
          />
          <Input
            style={{ width: 140 }}
            placeholder="$.name"
            data-testid={`condition-path-${i}`}
            value={r.path}
            onChange={(e) => setRow(i, { path: e.target.value })}
          />
          <Select
            style={{ width: 180 }}
            data-testid={`condition-operator-${i}`}
            value={r.operator}
            options={OPERATORS.map((o) => ({ value: o, label: t(`notify-rules.ops.${o}`) }))}
            onChange={(operator) =>
              setRow(
                i,
                isList(operator) === isList(r.operator)
                  ? { operator }
                  : { operator, value: parseValue(showValue(r.value), operator) },
              )
            }
          />
          <Input
            style={{ width: 180 }}
            data-testid={`condition-value-${i}`}
            value={showValue(r.value)}
            onChange={(e) => setRow(i, { value: parseValue(e.target.value, r.operator) })}
          />
          <Button
            size="small"
            type="text"
            icon={<DeleteOutlined />}
            aria-label={t('common.delete')}
            onClick={() =>
              emit(
                join,
                rows.filter((_, k) => k !== i),
              )
            }
          />
        </Space>
      ))}
      <Button
        size="small"
        icon={<PlusOutlined />}
        onClick={() => emit(join, [...rows, { fact: 'vars', operator: 'equal', value: '' }])}
      >
        {t('notify-rules.addCondition')}
      </Button>
      <Typography.Text type="secondary">{t('notify-rules.conditionsHelp')}</Typography.Text>
    </Space>
  );
}

/** The form's rule for the field: JSON text that does not parse is refused here, the API checks the rest. */
export const conditionsRule = (message: string) => ({
  validator: (_: unknown, v: unknown) =>
    typeof v === 'string' ? Promise.reject(new Error(message)) : Promise.resolve(),
});
