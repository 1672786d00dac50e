import { afterEach, describe, expect, it, vi } from "vitest";
import { csrfToken, readCookie, SIGNED_OUT_EVENT, sessionMiddleware, withCsrf } from "./client";

type Params = Parameters<NonNullable<typeof sessionMiddleware.onRequest>>[0];
const call = (request: Request, schemaPath: string) => ({ request, schemaPath }) as unknown as Params;
const URL_ = "http://portal.test";

describe("the CSRF token", () => {
  it("is read from the cookie", () => {
    expect(readCookie("portal_csrf", "a=1; portal_csrf=x%2By; b=2")).toBe("x+y");
    expect(readCookie("portal_csrf", "a=1")).toBe("");
  });

  it("is read under its __Host- name where the portal is served over HTTPS", () => {
    const post = (cookies: string) =>
      withCsrf(new Request(`${URL_}/api/v1/anything`, { method: "POST" }), cookies).headers.get("X-CSRF-Token");
    expect(post("a=1; __Host-portal_csrf=secure-1")).toBe("secure-1");
    expect(post("portal_csrf=plain-1")).toBe("plain-1");
    // a plain one planted by a sibling subdomain never wins over the portal's own
    expect(post("portal_csrf=planted; __Host-portal_csrf=secure-2")).toBe("secure-2");
    expect(csrfToken("__Host-portal_csrf=x%2By")).toBe("x+y");
  });

  it("rides on every unsafe request while the cookie exists, and on no safe one", () => {
    const cookies = "portal_csrf=token-1";
    const post = withCsrf(new Request(`${URL_}/api/v1/anything`, { method: "POST" }), cookies);
    const get = withCsrf(new Request(`${URL_}/api/v1/anything`), cookies);
    const anonymous = withCsrf(new Request(`${URL_}/api/v1/anything`, { method: "DELETE" }), "");
    expect(post.headers.get("X-CSRF-Token")).toBe("token-1");
    expect(get.headers.get("X-CSRF-Token")).toBeNull();
    expect(anonymous.headers.get("X-CSRF-Token")).toBeNull();
  });
});

describe("a 401", () => {
  afterEach(() => vi.unstubAllGlobals());

  async function respond(schemaPath: string, method: string, answers: number[]) {
    const fetched: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        fetched.push(`${request.method} ${new URL(request.url).pathname}`);
        return new Response(null, { status: answers.shift() ?? 500 });
      }),
    );
    const signedOut = vi.fn();
    window.addEventListener(SIGNED_OUT_EVENT, signedOut);
    const request = (await sessionMiddleware.onRequest?.(
      call(new Request(`${URL_}${schemaPath}`, { method }), schemaPath),
    )) as Request;
    const response = await sessionMiddleware.onResponse?.({
      ...call(request, schemaPath),
      response: new Response(null, { status: 401 }),
    });
    window.removeEventListener(SIGNED_OUT_EVENT, signedOut);
    return { fetched, response, signedOut };
  }

  it("from an operation that needs the session gets one refresh and one retry", async () => {
    const { fetched, response, signedOut } = await respond("/api/v1/identity/clients", "GET", [200, 200]);
    expect(fetched).toEqual(["POST /api/v1/identity/sessions/refresh", "GET /api/v1/identity/clients"]);
    expect(response?.status).toBe(200);
    expect(signedOut).not.toHaveBeenCalled();
  });

  it("that stays after a refused refresh tells the page the session ended", async () => {
    const { signedOut } = await respond("/api/v1/identity/clients", "GET", [401, 401]);
    expect(signedOut).toHaveBeenCalledOnce();
  });

  it("from a public operation is its answer (a wrong PIN), not a sign-out", async () => {
    const { fetched, response, signedOut } = await respond("/api/v1/identity/invitations/accept", "POST", []);
    expect(fetched).toEqual([]);
    expect(response).toBeUndefined();
    expect(signedOut).not.toHaveBeenCalled();
  });
});
