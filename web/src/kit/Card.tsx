import type { ComponentChildren } from "preact";

export function Card({
  narrow = false,
  labelledBy,
  children,
}: {
  narrow?: boolean;
  labelledBy?: string;
  children: ComponentChildren;
}) {
  return (
    <section class={narrow ? "card narrow" : "card"} aria-labelledby={labelledBy}>
      {children}
    </section>
  );
}

/** Nothing to show yet, said in words that tell what will appear here. */
export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <p class="loading" role="status">
      {label}
    </p>
  );
}

/** A notice in a coloured box: `ok` for something done. */
export function Notice({
  tone = "info",
  id,
  live = false,
  children,
}: {
  tone?: "info" | "ok";
  id?: string;
  live?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div id={id} class={tone === "ok" ? "notice ok" : "notice"} role={live ? "status" : undefined} tabIndex={-1}>
      {children}
    </div>
  );
}
