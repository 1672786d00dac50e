// Open times as a signed-in person sees them: a client booking for themself, or staff
// booking for a client (the same options and the same week the client would see).

import { api, data } from "../../../api/client";
import type { Choice } from "./api";
import type { PickerSource } from "./WeekPicker";

export const signedInSource: PickerSource = {
  options: (signal) => data(api.GET("/api/v1/scheduling/booking/options", { signal })),
  week: (choice: Choice, week, signal) =>
    data(
      api.GET("/api/v1/scheduling/booking/availability", {
        params: { query: { ...choice, ...(week ? { week } : {}) } },
        signal,
      }),
    ),
};
