import { Col, Form, type FormItemProps, Input, Row, Switch } from 'antd';
import { Fragment, isValidElement, type ReactElement, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * One labelled input of a form, as data. Anything else a Form.Item takes
 * (extra, valuePropName, rules) passes through.
 */
export interface FieldSpec extends Omit<FormItemProps, 'children' | 'required'> {
  name: FormItemProps['name'];
  /** Left out in an inline row (the placeholder says what to type). */
  label?: ReactNode;
  /** Adds the "required" rule with the console's message. */
  required?: boolean;
  /** The input; a text Input when left out. */
  input?: ReactNode;
  /** A Switch bound to the value (valuePropName checked). */
  switch?: boolean;
  /** Width in the 24-column grid, for a form laid out in columns (queues). */
  span?: number;
}

/**
 * A form's contents: field specs, and plain elements where a field is more
 * than one input (a list of rows, a field shown only for another's value);
 * false leaves a place out.
 */
export type FieldList = (FieldSpec | ReactElement | false | null | undefined)[];

export function FormField({ required, input, switch: isSwitch, span: _span, rules, ...item }: FieldSpec) {
  const { t } = useTranslation();
  return (
    <Form.Item
      {...item}
      rules={required ? [{ required: true, message: t('form.required') }, ...(rules ?? [])] : rules}
      {...(isSwitch ? { valuePropName: 'checked' } : {})}
    >
      {input ?? (isSwitch ? <Switch /> : <Input />)}
    </Form.Item>
  );
}

/** Renders a FieldList; in a Row when any field has a span. */
export function FormFields({ fields }: { fields: FieldList }) {
  const shown = fields.filter((f): f is FieldSpec | ReactElement => !!f);
  const grid = shown.some((f) => !isValidElement(f) && f.span !== undefined);
  const items = shown.map((f, i) => {
    if (isValidElement(f)) return <Fragment key={f.key ?? i}>{f}</Fragment>;
    const key = String(f.name ?? i);
    return grid ? (
      <Col key={key} span={f.span ?? 24}>
        <FormField {...f} />
      </Col>
    ) : (
      <FormField key={key} {...f} />
    );
  });
  return grid ? <Row gutter={16}>{items}</Row> : items;
}
