// Renders /api/openapi.json and /api/asyncapi.json. Served as a file, not inline,
// because the gateway's CSP allows scripts from 'self' only. Text goes in through
// textContent, never innerHTML: the documents come from the services.
"use strict";

const METHODS = ["get", "post", "put", "patch", "delete", "head", "options"];

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (key === "text") node.textContent = value;
    else if (key === "cls") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function resolve(ref, doc) {
  // "#/components/schemas/Name" -> the object it points at
  return ref.replace(/^#\//, "").split("/").reduce((node, key) => (node || {})[key], doc);
}

function typeLabel(schema) {
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.type === "array") return "array of " + typeLabel(schema.items || {});
  const union = schema.anyOf || schema.oneOf;
  if (union) return union.map(typeLabel).join(" | ");
  const type = Array.isArray(schema.type) ? schema.type.join(" | ") : schema.type || "any";
  return schema.format ? `${type} (${schema.format})` : type;
}

function schemaView(schema, doc, depth = 0, seen = new Set()) {
  // A nested list of properties; refs are followed once per branch so cycles end.
  if (!schema || depth > 6) return null;
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return null;
    return schemaView(resolve(schema.$ref, doc), doc, depth, new Set(seen).add(schema.$ref));
  }
  if (schema.type === "array") return schemaView(schema.items, doc, depth, seen);
  const union = schema.anyOf || schema.oneOf;
  if (union) {
    const parts = union.filter((s) => s.type !== "null").map((s) => schemaView(s, doc, depth, seen));
    return parts.find((part) => part) || null;
  }
  const props = schema.properties || {};
  if (!Object.keys(props).length) return null;
  const required = new Set(schema.required || []);
  const list = el("ul", { cls: "schema" });
  for (const [name, prop] of Object.entries(props)) {
    list.append(el("li", {},
      el("code", { text: name }), " ",
      el("span", { cls: "type", text: typeLabel(prop) }),
      required.has(name) ? el("span", { cls: "req", text: " required" }) : null,
      prop.description ? el("span", { cls: "desc", text: " — " + prop.description }) : null,
      schemaView(prop, doc, depth + 1, seen)));
  }
  return list;
}

function contentSchema(content) {
  const media = Object.values(content || {})[0];
  return media ? media.schema : null;
}

function operationView(path, method, op, doc) {
  const body = el("div", {});
  if (op["x-roles"]) body.append(el("p", { cls: "roles", text: "Roles: " + op["x-roles"].join(", ") }));
  const params = (op.parameters || []).map((p) => (p.$ref ? resolve(p.$ref, doc) : p));
  if (params.length) {
    body.append(el("h4", { text: "Parameters" }));
    const list = el("ul", { cls: "schema" });
    for (const p of params) {
      list.append(el("li", {}, el("code", { text: p.name }), ` in ${p.in} `,
        el("span", { cls: "type", text: typeLabel(p.schema || {}) }),
        p.required ? el("span", { cls: "req", text: " required" }) : null));
    }
    body.append(list);
  }
  const request = op.requestBody && contentSchema(op.requestBody.content);
  if (request) body.append(el("h4", { text: "Request body: " + typeLabel(request) }), schemaView(request, doc));
  for (const [status, raw] of Object.entries(op.responses || {})) {
    const response = raw.$ref ? resolve(raw.$ref, doc) : raw;
    const schema = contentSchema(response.content);
    const label = `Response ${status}: ${response.description || ""}` + (schema ? ` (${typeLabel(schema)})` : "");
    body.append(el("h4", { text: label }), schema && status !== "default" ? schemaView(schema, doc) : null);
  }
  const summary = el("summary", {},
    el("span", { cls: "method " + method, text: method.toUpperCase() }),
    el("span", { cls: "path", text: path }),
    el("span", { cls: "summary", text: op.summary || "" }));
  return el("details", { cls: "op" }, summary, body);
}

function groupOperations(doc) {
  // area -> tag -> [operation views]; the area is the /api/v1/<area>/ segment
  const groups = new Map();
  for (const [path, item] of Object.entries(doc.paths || {})) {
    const area = (path.match(/^\/api\/v1\/([^/]+)/) || [null, "other"])[1];
    for (const method of METHODS) {
      if (!item[method]) continue;
      const tag = (item[method].tags || [])[0] || "general";
      if (!groups.has(area)) groups.set(area, new Map());
      const tags = groups.get(area);
      if (!tags.has(tag)) tags.set(tag, []);
      tags.get(tag).push(operationView(path, method, item[method], doc));
    }
  }
  return groups;
}

function renderApi(doc, content, nav) {
  const services = (doc.info && doc.info["x-services"]) || {};
  const groups = groupOperations(doc);
  // A service that is up but publishes no operation yet is still listed.
  for (const area of Object.keys(services)) if (!groups.has(area)) groups.set(area, new Map());
  for (const [area, tags] of [...groups].sort()) {
    const section = el("section", { id: "area-" + area },
      el("h2", { text: services[area] ? `${services[area]} (${area})` : area }));
    if (!tags.size) section.append(el("p", { cls: "desc", text: "No operations published yet." }));
    for (const [tag, ops] of [...tags].sort()) section.append(el("h3", { text: tag }), ...ops);
    content.append(section);
    nav.append(el("a", { href: "#area-" + area, text: area }));
  }
}

function renderEvents(doc, content, nav) {
  const section = el("section", { id: "events" }, el("h2", { text: "Events" }),
    el("p", { text: (doc.info && doc.info.description) || "" }));
  const messages = (doc.components && doc.components.messages) || {};
  for (const message of Object.values(messages).sort((a, b) => a.name.localeCompare(b.name))) {
    const data = message.payload && message.payload.properties && message.payload.properties.data;
    const summary = el("summary", {}, el("span", { cls: "method event", text: "EVENT" }),
      el("span", { cls: "path", text: message.name }),
      el("span", { cls: "summary", text: message.summary || "" }));
    const body = el("div", {}, el("h4", { text: "data: " + typeLabel(data || {}) }), schemaView(data, doc));
    section.append(el("details", { cls: "op" }, summary, body));
  }
  content.append(section);
  nav.append(el("a", { href: "#events", text: "events" }));
}

function applyFilter(query) {
  const needle = query.trim().toLowerCase();
  for (const op of document.querySelectorAll("details.op")) {
    const text = op.querySelector("summary").textContent.toLowerCase();
    op.classList.toggle("hidden", Boolean(needle) && !text.includes(needle));
  }
}

async function fetchJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

async function main() {
  const content = document.getElementById("content");
  const nav = document.getElementById("nav");
  const [openapi, asyncapi] = await Promise.allSettled([
    fetchJson("/api/openapi.json"), fetchJson("/api/asyncapi.json")]);
  content.replaceChildren();
  if (openapi.status === "fulfilled") {
    const down = (openapi.value.info && openapi.value.info["x-unavailable"]) || [];
    if (down.length) {
      const notice = document.getElementById("notice");
      notice.textContent = "Not reachable right now, so not listed: " + down.join(", ");
      notice.hidden = false;
    }
    renderApi(openapi.value, content, nav);
  } else {
    content.append(el("p", { text: "The API description could not be loaded." }));
  }
  if (asyncapi.status === "fulfilled") renderEvents(asyncapi.value, content, nav);
  document.getElementById("filter").addEventListener("input", (e) => applyFilter(e.target.value));
}

main();
