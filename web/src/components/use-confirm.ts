import { App } from 'antd';
import { useCallback } from 'react';

/**
 * Asks before a state change, in a dialog of the app (not a popover tied to the button): the button may vanish as
 * soon as the state changes, and a popover would go with it half-closed.
 */
export function useConfirm() {
  const { modal } = App.useApp();
  return useCallback(
    (title: string, onOk: () => void, options: { description?: string; okText?: string } = {}) => {
      modal.confirm({ title, content: options.description, okText: options.okText ?? '确定', cancelText: '取消', onOk: () => void onOk() });
    },
    [modal],
  );
}
