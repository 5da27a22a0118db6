import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { withQuery } from '../api/client';

/**
 * The CSV and XLSX links of an export endpoint (`/api/v1/...`), with the
 * page's query; the browser sends the session cookie and saves the file.
 */
export function ExportButtons({
  href,
  query = {},
  testId,
}: {
  href: string;
  query?: Record<string, string | number | undefined>;
  /** data-testid prefix: `<testId>-csv`, `<testId>-xlsx`. */
  testId: string;
}) {
  return (
    <Space>
      {(['csv', 'xlsx'] as const).map((format) => (
        <Button
          key={format}
          size="small"
          icon={<DownloadOutlined />}
          href={withQuery(href, { ...query, format })}
          data-testid={`${testId}-${format}`}
        >
          {format.toUpperCase()}
        </Button>
      ))}
    </Space>
  );
}
