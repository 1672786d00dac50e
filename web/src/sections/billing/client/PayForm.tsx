// The card form of "Making payments": a saved card from the dropdown, or a new card
// (cardholder's name, the card in Stripe's element, billing ZIP, Remember Card), and a
// "Pay $(amount)" button that charges exactly that amount. The card number goes from the
// browser to Stripe; we send only Stripe's id of the confirmed card.

import { useRef, useState } from "preact/hooks";
import { api, data, type Schemas } from "../../../api/client";
import { Field, Form, FormProblem, type FormValues, SubmitButton } from "../../../kit";
import { useFormState } from "../../../kit/Form";
import { useOwned, useResource } from "../../../lib/hooks";
import { money } from "../format";
import { type CardElement, loadStripe, type StripeLike } from "../stripe";

type Payment = Schemas["PaymentView"];
type Body = Schemas["PayRequestBody"];
const NEW = "new";

export interface PayFormProps {
  amount: number;
  currency: string;
  /** The invoices paid; null: the whole balance. */
  invoiceIds: string[] | null;
  onPaid: (payment: Payment) => void;
}

interface Setup {
  stripe: StripeLike;
  card: CardElement;
  secret: string;
}

async function newSecret(): Promise<Schemas["CardSetupView"]> {
  return data(api.POST("/api/v1/billing/card-setups"));
}

export function PayForm({ amount, currency, invoiceIds, onPaid }: PayFormProps) {
  const [cards] = useResource((signal) => data(api.GET("/api/v1/billing/cards", { signal })), []);
  const saved = cards.state === "ready" ? cards.value : [];
  const [choice, setChoice] = useState<string | null>(null);
  const chosen = choice ?? saved[0]?.id ?? NEW;
  const setup = useRef<Setup | null>(null);
  const key = useRef(crypto.randomUUID());

  const submit = async (values: FormValues) => {
    const body: Body = { amount, currency, remember_card: false };
    if (invoiceIds) body.invoice_ids = invoiceIds;
    if (chosen === NEW) {
      body.setup_intent_id = await confirmNewCard(setup.current, values);
      body.remember_card = values.remember_card === "on";
    } else {
      body.saved_card_id = chosen;
    }
    let payment: Payment;
    try {
      payment = await data(
        api.POST("/api/v1/billing/payments", { body, params: { header: { "Idempotency-Key": key.current } } }),
      );
    } catch (error) {
      if (!(error instanceof TypeError)) key.current = crypto.randomUUID(); // a network error: same key again
      await fresh(setup.current);
      throw error;
    }
    key.current = crypto.randomUUID();
    payment = await finish(setup.current, payment);
    if (payment.status !== "succeeded") {
      await fresh(setup.current);
      const reason = payment.failure_message ?? "The payment is still being processed. Check back in a minute.";
      throw new FormProblem(reason, chosen === NEW ? { card: reason } : {});
    }
    onPaid(payment);
  };

  return (
    <Form id="pay-form" onSubmit={submit} class="pay-form">
      {saved.length ? (
        <div class="field">
          <label for="saved_card">Card</label>
          <select id="saved_card" name="saved_card" value={chosen} onChange={(e) => setChoice(e.currentTarget.value)}>
            {saved.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
            <option value={NEW}>A new card</option>
          </select>
        </div>
      ) : null}
      {chosen === NEW ? <NewCard setup={setup} /> : null}
      <SubmitButton busyLabel="Paying…">Pay {money(amount, currency)}</SubmitButton>
    </Form>
  );
}

async function confirmNewCard(setup: Setup | null, values: FormValues): Promise<string> {
  const name = (values.cardholder_name ?? "").trim();
  const zip = (values.billing_zip ?? "").trim();
  const problems: Record<string, string> = {};
  if (!name) problems.cardholder_name = "Enter the cardholder's name as it is on the card.";
  if (!/^[A-Za-z0-9 -]{3,10}$/.test(zip)) problems.billing_zip = "Enter the ZIP code of the card's billing address.";
  if (!setup) problems.card = "The card form is still loading. Try again in a moment.";
  if (Object.keys(problems).length || !setup) {
    throw new FormProblem("Some of what you entered needs another look.", problems);
  }
  const result = await setup.stripe.confirmCardSetup(setup.secret, {
    payment_method: { card: setup.card, billing_details: { name, address: { postal_code: zip } } },
  });
  if (result.error || !result.setupIntent) {
    await fresh(setup);
    const reason = result.error?.message ?? "Check the card number, expiry date and security code.";
    throw new FormProblem(reason, { card: reason });
  }
  return result.setupIntent.id;
}

/** 3-D Secure, when the bank asks for it: Stripe.js shows it, then we ask how it ended. */
async function finish(setup: Setup | null, payment: Payment): Promise<Payment> {
  if (payment.status !== "requires_action" || !payment.client_secret) return payment;
  const stripe = setup?.stripe ?? (await stripeFor());
  await stripe.confirmCardPayment(payment.client_secret);
  return data(
    api.POST("/api/v1/billing/payments/{payment_id}/confirm", { params: { path: { payment_id: payment.id } } }),
  );
}

async function stripeFor(): Promise<StripeLike> {
  const setup = await newSecret();
  return loadStripe(setup.js_url, setup.publishable_key);
}

/** A SetupIntent is used up once confirmed: the next try needs a new one. */
async function fresh(setup: Setup | null): Promise<void> {
  if (setup) setup.secret = (await newSecret()).client_secret;
}

function NewCard({ setup }: { setup: { current: Setup | null } }) {
  const mount = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useOwned(() => {
    let card: CardElement | null = null;
    let gone = false;
    void (async () => {
      try {
        const found = await newSecret();
        const stripe = await loadStripe(found.js_url, found.publishable_key);
        if (gone || !mount.current) return;
        card = stripe.elements().create("card", { hidePostalCode: true });
        card.mount(mount.current);
        setup.current = { stripe, card, secret: found.client_secret };
      } catch (error) {
        if (!gone) setFailed(error instanceof Error ? error.message : "Card payments could not be loaded.");
      }
    })();
    return () => {
      gone = true;
      card?.destroy();
      setup.current = null;
    };
  }, []);
  return (
    <>
      <Field name="cardholder_name" label="Cardholder name" autocomplete="cc-name" />
      <CardField mount={mount} failed={failed} />
      <Field
        name="billing_zip"
        label="Billing ZIP code"
        autocomplete="postal-code"
        inputMode="numeric"
        maxLength={10}
      />
      <div class="field choice">
        <input id="remember_card" name="remember_card" type="checkbox" />
        <label for="remember_card">Remember Card</label>
      </div>
    </>
  );
}

function CardField({ mount, failed }: { mount: { current: HTMLDivElement | null }; failed: string | null }) {
  const form = useFormState();
  form.register("card", { label: "Card", id: "card-element" });
  const error = form.errors?.fields.card ?? failed;
  return (
    <fieldset class="field card-field" aria-describedby="card-element-error">
      <legend class="label">Card</legend>
      <div id="card-element" class="card-element" ref={mount} tabIndex={-1} />
      <p class="field-error" id="card-element-error" role={failed ? "alert" : undefined} hidden={!error}>
        {error ?? ""}
      </p>
    </fieldset>
  );
}
