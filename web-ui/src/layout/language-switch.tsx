import { TranslationOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, type Language } from '../i18n';

/** The language names are shown in their own language, as every product does. */
const NAMES: Record<Language, string> = { 'zh-CN': '简体中文', 'en-US': 'English' };

export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const choose = (lang: Language) => void chooseLanguage(lang);
  return (
    <Dropdown
      menu={{
        selectable: true,
        selectedKeys: [i18n.language],
        items: (Object.keys(NAMES) as Language[]).map((l) => ({ key: l, label: NAMES[l] })),
        onClick: ({ key }) => choose(key as Language),
      }}
    >
      <Button
        type="text"
        icon={<TranslationOutlined />}
        aria-label={t('layout.language')}
        data-testid="lang-switch"
      >
        {NAMES[i18n.language as Language] ?? NAMES['zh-CN']}
      </Button>
    </Dropdown>
  );
}
