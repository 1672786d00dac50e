import { act, cleanup, render } from "@testing-library/preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useBroadcast, useInterval, useResource, useWebSocket } from "./hooks";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("effects clean up what they open", () => {
  it("an interval stops when its screen goes", () => {
    vi.useFakeTimers();
    const tick = vi.fn();
    const Ticking = () => {
      useInterval(tick, 1000);
      return null;
    };
    const { unmount } = render(<Ticking />);
    vi.advanceTimersByTime(3000);
    unmount();
    vi.advanceTimersByTime(5000);
    expect(tick).toHaveBeenCalledTimes(3);
  });

  it("a socket is closed when its screen goes", () => {
    const sockets: { url: string; closed: boolean }[] = [];
    class FakeSocket {
      static OPEN = 1;
      readyState = 0;
      onmessage: unknown = null;
      onopen: unknown = null;
      onclose: unknown = null;
      entry: { url: string; closed: boolean };
      constructor(url: string) {
        this.entry = { url, closed: false };
        sockets.push(this.entry);
      }
      close() {
        this.entry.closed = true;
      }
    }
    vi.stubGlobal("WebSocket", FakeSocket);
    const Live = ({ url }: { url: string }) => {
      useWebSocket(url, { onMessage: () => undefined });
      return null;
    };
    const { rerender, unmount } = render(<Live url="ws://portal.test/a" />);
    rerender(<Live url="ws://portal.test/b" />);
    unmount();
    expect(sockets).toEqual([
      { url: "ws://portal.test/a", closed: true },
      { url: "ws://portal.test/b", closed: true },
    ]);
  });

  it("a channel between tabs is closed when its screen goes", () => {
    const closed = vi.fn();
    class FakeChannel {
      onmessage: unknown = null;
      postMessage() {}
      close = closed;
    }
    vi.stubGlobal("BroadcastChannel", FakeChannel);
    const Tabs = () => {
      useBroadcast("tabs", () => undefined);
      return null;
    };
    render(<Tabs />).unmount();
    expect(closed).toHaveBeenCalledOnce();
  });

  it("an answer that arrives after its screen went, or after newer input, is dropped", async () => {
    const answers: ((value: string) => void)[] = [];
    const seen: string[] = [];
    const Loader = ({ id }: { id: string }) => {
      const [r] = useResource(() => new Promise<string>((resolve) => answers.push(resolve)), [id]);
      if (r.state === "ready") seen.push(r.value);
      return null;
    };
    const { rerender } = render(<Loader id="a" />);
    rerender(<Loader id="b" />);
    await act(async () => {
      answers[0]?.("old answer for a");
      answers[1]?.("answer for b");
    });
    expect(seen).toEqual(["answer for b"]);
  });
});
