// Politely tell screen reader users what just happened (the live region is in <App>).

let pending: number | undefined;

export function announce(message: string): void {
  const region = document.getElementById("announcer");
  if (!region) return;
  region.textContent = "";
  window.clearTimeout(pending);
  // Emptied first and filled a moment later, so the same words twice are read twice.
  pending = window.setTimeout(() => {
    region.textContent = message;
  }, 50);
}
