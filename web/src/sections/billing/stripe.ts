// Stripe.js, loaded from where the billing service says it is (the real
// https://js.stripe.com/v3/ in production, a local stand-in in development): the card
// number goes from the browser to Stripe and never to us. Only what we use is typed.

export interface StripeError {
  message?: string;
}

export interface CardElement {
  mount(target: HTMLElement): void;
  destroy(): void;
}

export interface StripeLike {
  elements(): { create(type: "card", options?: Record<string, unknown>): CardElement };
  confirmCardSetup(
    secret: string,
    data: { payment_method: { card: CardElement; billing_details: Record<string, unknown> } },
  ): Promise<{ setupIntent?: { id: string }; error?: StripeError | null }>;
  confirmCardPayment(secret: string): Promise<{ paymentIntent?: { status: string }; error?: StripeError | null }>;
}

declare global {
  interface Window {
    Stripe?: (key: string) => StripeLike;
  }
}

const loading = new Map<string, Promise<void>>();

/** Stripe for `publishableKey`, its script added to the page once per address. */
export async function loadStripe(jsUrl: string, publishableKey: string): Promise<StripeLike> {
  let script = loading.get(jsUrl);
  if (!script) {
    script = new Promise<void>((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = jsUrl;
      tag.onload = () => resolve();
      tag.onerror = () => {
        loading.delete(jsUrl);
        reject(new Error("Card payments could not be loaded. Check your connection and try again."));
      };
      document.head.append(tag);
    });
    loading.set(jsUrl, script);
  }
  await script;
  if (!window.Stripe) throw new Error("Card payments could not be loaded.");
  return window.Stripe(publishableKey);
}
