import { Button, Modal, type ModalProps, Tooltip } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface ModalButtonProps extends Omit<ModalProps, 'open' | 'onOk' | 'onCancel' | 'confirmLoading'> {
  label: string;
  icon?: ReactNode;
  /** An icon button with the label as its tooltip, for a table row. */
  compact?: boolean;
  testId?: string;
  /** Runs before the modal opens (load what it shows); false keeps it shut. */
  onOpen?: () => unknown;
  /** The OK button; the modal closes when it resolves true. */
  onOk?: () => Promise<boolean>;
}

/** A button opening a modal: the settings forms, the wallboard link, the pause reasons. */
export function ModalButton({ label, icon, compact, testId, onOpen, onOk, ...modal }: ModalButtonProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const show = async () => {
    if ((await onOpen?.()) !== false) setOpen(true);
  };
  const ok = async () => {
    if (!onOk) return;
    setBusy(true);
    try {
      if (await onOk()) setOpen(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {compact ? (
        <Tooltip title={label}>
          <Button
            type="text"
            size="small"
            icon={icon}
            onClick={show}
            aria-label={label}
            data-testid={testId}
          />
        </Tooltip>
      ) : (
        <Button icon={icon} onClick={show} data-testid={testId}>
          {label}
        </Button>
      )}
      <Modal
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        forceRender
        {...modal}
        open={open}
        onOk={ok}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
      />
    </>
  );
}
