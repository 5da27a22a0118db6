import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import type { ResourceBody, ResourceDef } from '../resources/types';

/** JsSIP is loaded with the phone, not with every console page. */
const PhonePanel = lazy(() => import('./phone-panel').then((m) => ({ default: m.PhonePanel })));

/** /console/phone: the browser phone on its own page (the desk mounts the same panel). */
export function PhonePage(_: { def: ResourceDef }) {
  return (
    <Suspense fallback={<Spin />}>
      <PhonePanel />
    </Suspense>
  );
}

/** 网页话机 in the menu: agents and supervisors may have a browser seat of their own. */
export const phone: ResourceBody = {
  api: '/webrtc/credentials',
  paging: 'client',
  columns: () => [],
  page: PhonePage,
};
