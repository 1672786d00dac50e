// An account's address in a staff list. One with letters outside ASCII is marked in words,
// with its ASCII form beside it, so a look-alike (a Cyrillic е for an e) can be told apart.

interface Address {
  email: string;
  email_ascii: string;
  email_non_ascii: boolean;
}

export function EmailCell({ account }: { account: Address }) {
  if (!account.email_non_ascii) return <>{account.email}</>;
  return (
    <>
      {account.email}{" "}
      <span class="status invited" data-marker="non-latin">
        contains non-Latin letters
      </span>
      {account.email_ascii !== account.email ? <span class="hint"> ({account.email_ascii})</span> : null}
    </>
  );
}
