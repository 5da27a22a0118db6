import { theme } from 'antd';

/**
 * A 方案 as the server stored it. The server sanitises the HTML on every
 * write (src/kb/sanitize.ts: an allow-list of formatting tags, no scripts,
 * handlers or javascript: URLs), so only HTML that came back from the API is
 * ever given here, never what someone typed into the editor.
 */
export function SolutionHtml({ html, testId }: { html: string; testId?: string }) {
  const { token } = theme.useToken();
  return (
    <div
      className="kb-solution"
      data-testid={testId}
      style={{ lineHeight: 1.7, overflowWrap: 'anywhere', color: token.colorText }}
      // biome-ignore lint/security/noDangerouslySetInnerHtml: server-sanitised HTML only (see above)
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
