import type { ComponentChildren, JSX } from "preact";

type Variant = "primary" | "secondary" | "danger" | "link";

export interface ButtonProps extends Omit<JSX.ButtonHTMLAttributes<HTMLButtonElement>, "class" | "type"> {
  type?: "button" | "submit";
  variant?: Variant;
  /** While true: disabled, and `busyLabel` says what is happening. */
  busy?: boolean;
  busyLabel?: string;
  full?: boolean;
  children: ComponentChildren;
}

export function Button({
  type = "button",
  variant = "primary",
  busy = false,
  busyLabel,
  full = false,
  disabled,
  children,
  ...rest
}: ButtonProps) {
  const classes = [variant === "primary" ? "" : variant, full ? "full" : ""].filter(Boolean).join(" ");
  return (
    <button type={type} class={classes || undefined} disabled={busy || Boolean(disabled)} {...rest}>
      {busy && busyLabel ? busyLabel : children}
    </button>
  );
}
