// Short messages that come and go ("Your password is saved"), read out politely and
// removed after a while; the <Toaster> in the app shell owns their timers.

import { useState } from "preact/hooks";
import { useOwned, useTimeout } from "../lib/hooks";

export interface ToastMessage {
  id: number;
  text: string;
}

const SHOW_MS = 6000;
let next = 1;
const listeners = new Set<(message: ToastMessage) => void>();

export function toast(text: string): void {
  const message = { id: next++, text };
  for (const listener of listeners) listener(message);
}

function Item({ message, onDone }: { message: ToastMessage; onDone: (id: number) => void }) {
  useTimeout(() => onDone(message.id), SHOW_MS);
  return (
    <li class="toast">
      <span>{message.text}</span>
      <button type="button" class="link" onClick={() => onDone(message.id)}>
        Dismiss<span class="visually-hidden">: {message.text}</span>
      </button>
    </li>
  );
}

export function Toaster() {
  const [messages, setMessages] = useState<ToastMessage[]>([]);
  useOwned(() => {
    const add = (message: ToastMessage) => setMessages((all) => [...all, message]);
    listeners.add(add);
    return () => listeners.delete(add);
  }, []);
  const done = (id: number) => setMessages((all) => all.filter((m) => m.id !== id));
  return (
    <div class="toasts" aria-live="polite">
      <ul>
        {messages.map((m) => (
          <Item key={m.id} message={m} onDone={done} />
        ))}
      </ul>
    </div>
  );
}
