import { DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';

export interface FilterField {
  name: string;
  kind: 'text' | 'range' | 'select';
  options?: { value: string; label: string }[];
  placeholder?: string;
}

/**
 * A row of filters for a read-only list; a date range becomes `from`/`to`
 * (ISO 8601), a multi-select a comma list, as the API reads them.
 */
export function FilterBar({
  fields,
  onChange,
}: {
  fields: FilterField[];
  onChange: (q: Record<string, string | undefined>) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const apply = () => {
    const v = form.getFieldsValue();
    const q: Record<string, string | undefined> = {};
    for (const f of fields) {
      const value = v[f.name];
      if (f.kind === 'range') {
        const [from, to] = (value ?? []) as [Dayjs?, Dayjs?];
        q.from = from?.startOf('day').toISOString();
        q.to = to?.endOf('day').toISOString();
      } else if (f.kind === 'select') {
        q[f.name] = Array.isArray(value) && value.length ? value.join(',') : undefined;
      } else {
        q[f.name] = typeof value === 'string' && value.trim() ? value.trim() : undefined;
      }
    }
    onChange(q);
  };
  return (
    <Form form={form} layout="inline" onValuesChange={apply}>
      {fields.map((f) => (
        <Form.Item key={f.name} name={f.name} label={t(`filter.${f.name}`)}>
          {f.kind === 'range' ? (
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          ) : f.kind === 'select' ? (
            <Select
              mode="multiple"
              allowClear
              options={f.options}
              style={{ minWidth: 200 }}
              placeholder={t('filter.any')}
            />
          ) : (
            <Input allowClear placeholder={f.placeholder} style={{ width: 180 }} />
          )}
        </Form.Item>
      ))}
    </Form>
  );
}
