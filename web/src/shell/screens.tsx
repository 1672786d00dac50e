// What every portal screen needs before it can draw: the practice of /p/:slug (or a
// friendly "not found"), and for signed-in screens the account, asked afresh.

import type { ComponentChildren, JSX } from "preact";
import { ApiError } from "../api/problems";
import { Card, Loading, Page } from "../kit";
import { useResource } from "../lib/hooks";
import { navigate } from "../lib/router";
import {
  type Account,
  currentAccount,
  forget,
  hadAccount,
  homeFor,
  loginPath,
  type Practice,
  practice,
} from "../lib/session";
import { useSiteHeader } from "./header";
import { IdleGuard } from "./idle";

export function Failed() {
  const here = window.location.pathname + window.location.search;
  return (
    <Page title="Couldn't load this page">
      <Card>
        <h1>We couldn't load this page</h1>
        <p>The portal may be busy, or your connection may have dropped. Nothing you entered has been lost.</p>
        <p>
          <a href={here}>Try again</a>
        </p>
      </Card>
    </Page>
  );
}

export function NotFound() {
  useSiteHeader(null);
  return (
    <Page title="Page not found">
      <Card>
        <h1>Page not found</h1>
        <p>
          This address does not lead anywhere. Check the link in your email, or ask your clinician for the address of
          their portal.
        </p>
      </Card>
    </Page>
  );
}

function PracticeMissing({ slug }: { slug: string }) {
  useSiteHeader(null);
  return (
    <Page title="Portal not found">
      <Card narrow>
        <h1>We can't find that portal</h1>
        <p>
          There is no client portal at <strong>/p/{slug}</strong>. Check the link in the email from your clinician; the
          address must be exact.
        </p>
        <p>
          <a href="/">Find your clinician's portal</a>
        </p>
      </Card>
    </Page>
  );
}

const missing = (error: unknown) => error instanceof ApiError && (error.status === 404 || error.status === 422);

function PublicHeader({ slug, info, children }: { slug: string; info: Practice; children: ComponentChildren }) {
  useSiteHeader({ slug, practice: info, account: null });
  return <>{children}</>;
}

/** A public page of a practice: `render` gets the practice once it is known. */
export function WithPractice({ slug, render }: { slug: string; render: (info: Practice) => JSX.Element | null }) {
  const [info] = useResource(() => practice(slug), [slug]);
  if (info.state === "loading") return <Loading />;
  if (info.state === "failed") return missing(info.error) ? <PracticeMissing slug={slug} /> : <Failed />;
  return (
    <PublicHeader slug={slug} info={info.value}>
      {render(info.value)}
    </PublicHeader>
  );
}

type Visit = { kind: "ready"; info: Practice; account: Account } | { kind: "away" } | { kind: "missing" };

async function visit(slug: string, roles: ReadonlySet<string> | undefined): Promise<Visit> {
  let info: Practice;
  try {
    info = await practice(slug);
  } catch (error) {
    if (missing(error)) return { kind: "missing" };
    throw error;
  }
  const hadOne = hadAccount();
  let account = await currentAccount({ fresh: true });
  if (account && account.practice.slug !== slug) account = null;
  if (!account) {
    forget();
    navigate(loginPath(slug, hadOne ? "session" : undefined), { replace: true });
    return { kind: "away" };
  }
  if (roles && !roles.has(account.role)) {
    navigate(homeFor(slug, account), { replace: true });
    return { kind: "away" };
  }
  return { kind: "ready", info, account };
}

export interface SignedInProps {
  slug: string;
  roles?: ReadonlySet<string>;
  /** The page, for aria-current in the header. */
  current: string;
  render: (info: Practice, account: Account) => JSX.Element | null;
}

function SignedInFrame({ slug, info, account, current, children }: FrameProps) {
  useSiteHeader({ slug, practice: info, account, current });
  return (
    <>
      <IdleGuard slug={slug} />
      {children}
    </>
  );
}

interface FrameProps {
  slug: string;
  info: Practice;
  account: Account;
  current: string;
  children: ComponentChildren;
}

/** A signed-in page: the visitor is sent to Log in (with a notice if their session
 * ended) or to their own home when the page is not for their role. */
export function SignedIn({ slug, roles, current, render }: SignedInProps) {
  const [found] = useResource(() => visit(slug, roles), [slug]);
  if (found.state === "loading") return <Loading />;
  if (found.state === "failed") return <Failed />;
  const result = found.value;
  if (result.kind === "missing") return <PracticeMissing slug={slug} />;
  if (result.kind === "away") return null;
  return (
    <SignedInFrame slug={slug} info={result.info} account={result.account} current={current}>
      {render(result.info, result.account)}
    </SignedInFrame>
  );
}
