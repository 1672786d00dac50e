// Effects that clean up what they open. Every timer, listener, channel, socket or
// third-party element a screen starts goes through one of these hooks (or `useOwned`),
// so leaving the page closes it: nothing keeps running behind the next screen.

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";

type Cleanup = () => void;

/** Open something when the component mounts (or `deps` change) and close it after:
 * `open` returns its own closing function. The single pattern the hooks below share. */
export function useOwned(open: () => Cleanup | undefined, deps: unknown[]): void {
  useEffect(() => open(), deps);
}

/** The latest value of `value`, readable from callbacks registered once. */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}

export function useTimeout(callback: () => void, ms: number | null): void {
  const latest = useLatest(callback);
  useOwned(() => {
    if (ms === null) return undefined;
    const id = window.setTimeout(() => latest.current(), ms);
    return () => window.clearTimeout(id);
  }, [ms]);
}

export function useInterval(callback: () => void, ms: number | null): void {
  const latest = useLatest(callback);
  useOwned(() => {
    if (ms === null) return undefined;
    const id = window.setInterval(() => latest.current(), ms);
    return () => window.clearInterval(id);
  }, [ms]);
}

export function useEventListener<K extends keyof WindowEventMap>(
  target: Window | Document | null,
  type: K | string,
  handler: (event: Event) => void,
  options?: AddEventListenerOptions,
): void {
  const latest = useLatest(handler);
  useOwned(() => {
    if (!target) return undefined;
    const listener = (event: Event) => latest.current(event);
    target.addEventListener(type, listener, options);
    return () => target.removeEventListener(type, listener, options);
  }, [target, type]);
}

/** A BroadcastChannel between this browser's tabs, closed on unmount. */
export function useBroadcast<T>(name: string, onMessage: (message: T) => void): (message: T) => void {
  const latest = useLatest(onMessage);
  const channel = useRef<BroadcastChannel | null>(null);
  useOwned(() => {
    if (typeof BroadcastChannel === "undefined") return undefined;
    const opened = new BroadcastChannel(name);
    opened.onmessage = (event: MessageEvent<T>) => latest.current(event.data);
    channel.current = opened;
    return () => {
      opened.close();
      channel.current = null;
    };
  }, [name]);
  return useCallback((message: T) => channel.current?.postMessage(message), []);
}

export interface SocketHandlers {
  onMessage: (data: string) => void;
  onOpen?: () => void;
  onClose?: (event: CloseEvent) => void;
}

/** A WebSocket to `url` while mounted (null: none); closed on unmount or a new url.
 * Returns a send function that drops messages while the socket is not open. */
export function useWebSocket(url: string | null, handlers: SocketHandlers): (data: string) => boolean {
  const latest = useLatest(handlers);
  const socket = useRef<WebSocket | null>(null);
  useOwned(() => {
    if (url === null) return undefined;
    const opened = new WebSocket(url);
    opened.onmessage = (event) => latest.current.onMessage(String(event.data));
    opened.onopen = () => latest.current.onOpen?.();
    opened.onclose = (event) => latest.current.onClose?.(event);
    socket.current = opened;
    return () => {
      opened.onmessage = opened.onopen = opened.onclose = null;
      opened.close(1000, "left the page");
      socket.current = null;
    };
  }, [url]);
  return useCallback((data: string) => {
    if (socket.current?.readyState !== WebSocket.OPEN) return false;
    socket.current.send(data);
    return true;
  }, []);
}

export type Resource<T> = { state: "loading" } | { state: "ready"; value: T } | { state: "failed"; error: unknown };

/** Load `load()` when mounted and whenever `deps` change; an answer that arrives after the
 * component left (or after newer deps) is dropped. `reload` loads again in place. */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: unknown[],
): [Resource<T>, () => Promise<void>] {
  const [resource, setResource] = useState<Resource<T>>({ state: "loading" });
  const latest = useLatest(load);
  const current = useRef<AbortController | null>(null);
  const run = useCallback(async (quiet: boolean) => {
    current.current?.abort();
    const controller = new AbortController();
    current.current = controller;
    if (!quiet) setResource({ state: "loading" });
    try {
      const value = await latest.current(controller.signal);
      if (!controller.signal.aborted) setResource({ state: "ready", value });
    } catch (error) {
      if (!controller.signal.aborted) setResource({ state: "failed", error });
    }
  }, []);
  useOwned(() => {
    void run(false);
    return () => current.current?.abort();
  }, deps);
  return [resource, useCallback(() => run(true), [run])];
}

/** Run `effect` after the DOM changed for new `deps` (focus moves, measurements). */
export function useLayoutOnce(effect: () => void, deps: unknown[]): void {
  useLayoutEffect(() => effect(), deps);
}
