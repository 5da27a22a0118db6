import { Spin } from 'antd';
import { type ComponentType, lazy, Suspense } from 'react';
import type { ResourceDef, ResourceEntry } from '../resources/types';

/**
 * A page whose code is fetched on first visit, as a chunk of its own with the
 * libraries only it uses (a table, the date pickers, JsSIP, the IVR editor):
 * the console's first load carries only the login page, the layout and the
 * dashboard. `load` imports the page's module and picks the component:
 *
 *   page: lazyPage(() => import('../kb/kb-page').then((m) => m.KbPage)),
 *
 * Never import a page component statically from app.tsx or a resource file:
 * one static import pulls it back into the first load. A spinner stands in
 * while the chunk loads; the menu and header stay.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Page = lazy(() => load().then((c) => ({ default: c })));
  // biome-ignore lint/correctness/noComponentHookFactories: a factory called once per page at module level, never during a render
  function LazyPage(props: P) {
    return (
      <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
        <Page {...props} />
      </Suspense>
    );
  }
  return LazyPage;
}

/** The table + form page of a resource (components/resource-page.tsx), loaded like any page. */
export const LazyResourcePage = lazyPage(() => import('./resource-page').then((m) => m.ResourcePage));

/**
 * The page of a resource (resources/index.tsx): its file is fetched on the
 * first visit, then its own page or the table + form page is shown.
 */
export function resourcePage({ load, ...menu }: ResourceEntry): ComponentType<object> {
  return lazyPage(() =>
    load().then((body) => {
      const def: ResourceDef = { ...body, ...menu };
      const Own = def.page;
      // biome-ignore lint/correctness/noComponentHookFactories: made once, when the resource's file has loaded
      return function ResourceRoute() {
        return Own ? <Own def={def} /> : <LazyResourcePage def={def} />;
      };
    }),
  );
}
