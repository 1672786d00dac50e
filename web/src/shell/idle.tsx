// While a signed-in page is open: the idle clock shared by this browser's tabs, the
// warning before the idle logoff, and a fresh look at the session when the tab comes
// back into view (a session ended elsewhere sends it to Log in with a notice).

import { useMemo, useRef, useState } from "preact/hooks";
import { Button, Dialog } from "../kit";
import { useBroadcast, useEventListener, useOwned } from "../lib/hooks";
import { IdleClock, type IdleState } from "../lib/idle";
import { currentAccount, type Ended, loginPath, signedOut, TABS_CHANNEL } from "../lib/session";

type TabMessage = { type: "activity" } | { type: "signed-out"; reason: Ended };
const ACTIVITY = ["pointerdown", "keydown", "scroll", "touchstart"] as const;
const RECHECK_MS = 30 * 1000;

export function IdleGuard({ slug }: { slug: string }) {
  const [state, setState] = useState<IdleState>("active");
  const tell = useBroadcast<TabMessage>(TABS_CHANNEL, (message) => {
    if (message.type === "activity") clock.activityElsewhere();
    else window.location.replace(loginPath(slug, message.reason));
  });
  const stillSignedIn = async () => {
    const account = await currentAccount({ fresh: true }).catch(() => undefined);
    if (account === null) window.location.replace(loginPath(slug, "session"));
  };
  const clock = useMemo(
    () =>
      new IdleClock({
        now: () => Date.now(),
        share: () => tell({ type: "activity" }),
        touchServer: () => void stillSignedIn(),
        onChange: setState,
      }),
    [],
  );

  for (const name of ACTIVITY) {
    useEventListener(window, name, () => clock.activity(), { passive: true });
  }
  // Wake up when the next change is due; an earlier wake-up just looks again.
  useOwned(() => {
    let timer: number | undefined;
    const look = () => {
      const wait = clock.check();
      if (Number.isFinite(wait)) timer = window.setTimeout(look, Math.max(250, wait));
    };
    look();
    return () => window.clearTimeout(timer);
  }, []);
  useOwned(() => {
    if (state === "idle") void signedOut(slug, "idle");
    return undefined;
  }, [state]);
  const checkedAt = useRef(Date.now());
  useEventListener(document, "visibilitychange", () => {
    if (document.visibilityState !== "visible" || Date.now() - checkedAt.current < RECHECK_MS) return;
    checkedAt.current = Date.now();
    void stillSignedIn();
  });

  return (
    <Dialog open={state === "warning"} title="Are you still there?" alert onClose={() => clock.stay()}>
      <p>
        For your security, you will be logged out in 2 minutes because nothing has happened in the portal for a while.
      </p>
      <div class="actions">
        <Button onClick={() => clock.stay()}>Stay signed in</Button>
        <Button variant="secondary" onClick={() => void signedOut(slug, "idle")}>
          Log out now
        </Button>
      </div>
    </Dialog>
  );
}
