/**
 * A part of the form the first screen does not need (the review step, the receipt), loaded right after
 * the page starts instead of with it, so `/quote/`'s first JavaScript stays small
 * (test/bench/quote-bundle.bench.ts). The form starts loading it on mount; by the time a person reaches
 * it, it renders at once, with no loading state. Only someone who gets there first (a draft restored
 * at the review step on a slow line) sees the Suspense fallback for a moment.
 */
import { createElement, lazy, type ComponentType } from 'react';

export type Deferred<P extends object> = ComponentType<P> & { preload: () => Promise<ComponentType<P>> };

export function deferred<P extends object>(load: () => Promise<ComponentType<P>>): Deferred<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = undefined; // a failed fetch (offline for a moment) is tried again next time
        throw error;
      },
    ));
  const Lazy = lazy(async () => ({ default: await preload() }));
  function DeferredPart(props: P) {
    return loaded ? createElement(loaded, props) : createElement(Lazy, props);
  }
  return Object.assign(DeferredPart, { preload });
}
