import { DeleteOutlined } from '@ant-design/icons';
import { Button, type ButtonProps, Popconfirm, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A small text button showing only its icon; the label is its tooltip and accessible name. */
export function IconButton({ label, ...button }: Omit<ButtonProps, 'type' | 'size'> & { label: string }) {
  return (
    <Tooltip title={label}>
      <Button type="text" size="small" aria-label={label} {...button} />
    </Tooltip>
  );
}

/**
 * Delete after "are you sure?": the icon button of a table row, or the given
 * button (`children`) where a row's icon would be too small.
 */
export function DeleteButton({
  onConfirm,
  label,
  children,
}: {
  onConfirm: () => unknown;
  label?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Popconfirm
      title={t('common.confirmDelete')}
      description={t('common.confirmDeleteText')}
      okText={t('common.delete')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onConfirm={onConfirm}
    >
      {children ?? (
        <Button
          type="text"
          size="small"
          danger
          icon={<DeleteOutlined />}
          aria-label={label ?? t('common.delete')}
        />
      )}
    </Popconfirm>
  );
}
