import { Select } from 'antd';
import { useNamedOptions } from './use-options';

/** A prompt by name (the prompts page's list); `allowClear` for an optional one. */
export function PromptSelect(props: {
  value?: number | null;
  onChange?: (v: number | null) => void;
  id?: string;
  allowClear?: boolean;
}) {
  const prompts = useNamedOptions('/prompts');
  return (
    <Select
      {...props}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? null)}
      loading={prompts.loading}
      options={prompts.options}
      showSearch={{ optionFilterProp: 'label' }}
    />
  );
}
