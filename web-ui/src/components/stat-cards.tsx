import { Card, Col, type ColProps, Row, Statistic, type StatisticProps } from 'antd';
import type { ReactNode } from 'react';

export interface StatCard extends StatisticProps {
  id: string;
  /** Under the figure: a detail line, a gauge. */
  footer: ReactNode;
}

/** A row of figure cards: the top of the dashboard and of the system page. */
export function StatCards({ cards, loading, col }: { cards: StatCard[]; loading: boolean; col: ColProps }) {
  return (
    <Row gutter={[16, 16]}>
      {cards.map(({ id, footer, ...stat }) => (
        <Col key={id} {...col}>
          <Card loading={loading}>
            <Statistic {...stat} />
            {footer}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
