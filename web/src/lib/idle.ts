// Idle logoff that follows the person, not the tab: activity in any tab of this browser
// keeps the session, so an idle tab never ends it while they work in another. Two
// minutes before the logoff a warning offers "Stay signed in". The limit matches
// identity's (15 minutes without activity, IDENTITY_IDLE_TIMEOUT_SECONDS).

export const IDLE_LIMIT_MS = 15 * 60 * 1000;
export const WARN_BEFORE_MS = 2 * 60 * 1000;
/** Tell the other tabs (and the server) at most this often while someone is active. */
export const SHARE_EVERY_MS = 10 * 1000;
export const SERVER_EVERY_MS = 60 * 1000;

export type IdleState = "active" | "warning" | "idle";

export interface IdleClockOptions {
  now: () => number;
  /** Tell the other tabs there was activity here. */
  share: () => void;
  /** Tell the server the person is still here (it keeps its own idle clock). */
  touchServer: () => void;
  onChange: (state: IdleState) => void;
  limitMs?: number;
  warnMs?: number;
}

/** The clock itself, free of timers and DOM, so its rules can be tested directly. */
export class IdleClock {
  private last: number;
  private sharedAt = Number.NEGATIVE_INFINITY;
  private touchedAt: number;
  private state: IdleState = "active";
  readonly limitMs: number;
  readonly warnMs: number;

  constructor(private readonly options: IdleClockOptions) {
    this.limitMs = options.limitMs ?? IDLE_LIMIT_MS;
    this.warnMs = options.warnMs ?? WARN_BEFORE_MS;
    this.last = options.now();
    this.touchedAt = this.last; // the page just asked the server who is signed in
  }

  /** Someone used this tab. While the warning shows, only its answer counts (stay()). */
  activity(): void {
    if (this.state !== "active") return;
    this.record();
  }

  /** "Stay signed in": activity, and the other tabs and the server hear of it now. */
  stay(): void {
    if (this.state === "idle") return;
    this.touchedAt = Number.NEGATIVE_INFINITY;
    this.sharedAt = Number.NEGATIVE_INFINITY;
    this.record();
  }

  private record(): void {
    const now = this.options.now();
    this.last = now;
    if (now - this.sharedAt >= SHARE_EVERY_MS) {
      this.sharedAt = now;
      this.options.share();
    }
    if (now - this.touchedAt >= SERVER_EVERY_MS) {
      this.touchedAt = now;
      this.options.touchServer();
    }
    this.set("active");
  }

  /** Another tab was used (its message just arrived). */
  activityElsewhere(): void {
    if (this.state === "idle") return;
    const now = this.options.now();
    this.last = now;
    this.touchedAt = now; // that tab keeps the server informed
    this.set("active");
  }

  /** Look at the time; returns ms until the next change worth waking up for. */
  check(): number {
    const quiet = this.options.now() - this.last;
    if (quiet >= this.limitMs) {
      this.set("idle");
      return Number.POSITIVE_INFINITY;
    }
    const warnAt = this.limitMs - this.warnMs;
    if (quiet >= warnAt) {
      this.set("warning");
      return this.limitMs - quiet;
    }
    this.set("active");
    return warnAt - quiet;
  }

  msLeft(): number {
    return Math.max(0, this.limitMs - (this.options.now() - this.last));
  }

  get current(): IdleState {
    return this.state;
  }

  private set(state: IdleState): void {
    if (state === this.state) return;
    this.state = state;
    this.options.onChange(state);
  }
}
