// console.js -- the web console: reads the REST API (/v1) and shows the catalog, read-only.
//
// Every catalog value is untrusted text: the DOM is built with createElement and text nodes
// only (never innerHTML), links are "#/..." routes built here from encodeURIComponent'd names.
// Routes (the part after #): /databases, /db/{db}, /db/{db}/table/{t},
// /db/{db}/table/{t}/partitions?expr=..., /db/{db}/table/{t}/versions, /crawlers,
// /crawlers/{name}.  With principals on the server, the first 401 asks for a bearer token, kept
// in sessionStorage and sent as Authorization: Bearer.
"use strict";

const PAGE = 100; // rows per page (partitions, tables, versions, runs)
const TOKEN_KEY = "catalogd.token";
let generation = 0; // bumped per render: answers for an older page are dropped

// ------------------------------------------------------------------ DOM helpers

// h("a", {href: "#/x"}, "text", child...): an element; strings become text nodes.
function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid === undefined || kid === null || kid === false) continue;
    el.appendChild(typeof kid === "string" || typeof kid === "number"
      ? document.createTextNode(String(kid)) : kid);
  }
  return el;
}

// Replace EL's children with KIDS (nested arrays flattened; null, undefined and false left out).
function setKids(el, ...kids) {
  el.replaceChildren(...kids.flat(Infinity).filter((k) => k !== null && k !== undefined &&
    k !== false).map((k) => typeof k === "string" ? document.createTextNode(k) : k));
}

function route(...parts) {
  return "#/" + parts.map(encodeURIComponent).join("/");
}

function link(text, href) {
  return h("a", {href}, text);
}

function text(v) {
  if (v === undefined || v === null || v === "") return "-";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

function time(epoch) {
  if (typeof epoch !== "number") return "-";
  return new Date(epoch * 1000).toISOString().replace(".000Z", "Z");
}

function table(headers, rows, caption) {
  return h("table", {},
    caption ? h("caption", {class: "muted"}, caption) : null,
    h("thead", {}, h("tr", {}, headers.map((x) => h("th", {scope: "col"}, x)))),
    h("tbody", {}, rows.length ? rows : [h("tr", {}, h("td", {colspan: headers.length,
      class: "muted"}, "None."))]));
}

function row(...cells) {
  return h("tr", {}, cells.map((c) => h("td", {}, typeof c === "object" && c !== null &&
    c.nodeType ? c : text(c))));
}

function props(pairs) {
  return h("dl", {class: "props"}, pairs.map(([k, v]) => [h("dt", {}, k),
    h("dd", {}, v && v.nodeType ? v : text(v))]));
}

function paramTable(obj) {
  const keys = Object.keys(obj || {}).sort();
  return table(["Key", "Value"], keys.map((k) => row(k, obj[k])));
}

function setStatus(msg) {
  document.getElementById("status").textContent = msg || "";
}

function crumbs(...items) { // items: [label, href] or label
  const nav = document.getElementById("crumbs");
  setKids(nav, ...items.flatMap((it, i) => [i ? h("span", {"aria-hidden": "true"}, "/")
    : null, Array.isArray(it) ? link(it[0], it[1]) : h("span", {"aria-current": "page"}, it)])
    .filter(Boolean));
}

// ------------------------------------------------------------------ the API

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {}))
    if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  const url = path + (qs.toString() ? "?" + qs.toString() : "");
  const headers = {Accept: "application/json"};
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = "Bearer " + token;
  const r = await fetch(url, {headers, credentials: "omit", cache: "no-store"});
  let body = null;
  try {
    body = await r.json();
  } catch (e) {
    body = null;
  }
  if (!r.ok) {
    const msg = body && (body.message || (body.error && body.error.message));
    throw new ApiError(r.status, body && (body.code || (body.error && body.error.type)),
      msg || "HTTP " + r.status);
  }
  return body;
}

// ------------------------------------------------------------------ session (bearer token)

function renderSession() {
  const el = document.getElementById("session");
  if (sessionStorage.getItem(TOKEN_KEY)) {
    setKids(el, h("button", {type: "button", id: "signout", onclick: () => {
      sessionStorage.removeItem(TOKEN_KEY);
      render();
    }}, "Forget token"));
  } else {
    setKids(el);
  }
}

function tokenForm(main, failed) {
  const input = h("input", {type: "password", id: "token", name: "token",
    autocomplete: "current-password", required: true});
  const form = h("form", {class: "inline", id: "token-form", onsubmit: (ev) => {
    ev.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    render();
  }}, h("label", {for: "token"}, "Bearer token"), input, h("button", {type: "submit"}, "Sign in"));
  setKids(main, h("h1", {tabindex: "-1"}, "Sign in"),
    h("p", {}, "This catalog asks for a token (a principal's token from the server's " +
      "--auth-file). It is kept in this tab's session storage only."),
    failed ? h("p", {class: "error", role: "alert"}, "The token was not accepted.") : null,
    form);
  input.focus();
}

// ------------------------------------------------------------------ paging

// A pager over a listing whose pages are fetched by LOAD(token) -> {items, next}; SHOW(items)
// renders one page into the element it returns.  Tokens of the pages seen are kept for
// "Previous"; nothing past the current page is fetched.
function pager(load, show, label) {
  const box = h("div", {class: "pages"});
  const tokens = [undefined];
  let index = 0;
  async function go(i) {
    const gen = generation;
    setStatus("Loading " + label + "...");
    const page = await load(tokens[i]);
    if (gen !== generation) return;
    index = i;
    tokens[i + 1] = page.next;
    const prev = h("button", {type: "button", class: "prev", disabled: index === 0,
      onclick: () => guard(go(index - 1))}, "Previous page");
    const next = h("button", {type: "button", class: "next", disabled: !page.next,
      onclick: () => guard(go(index + 1))}, "Next page");
    setKids(box, show(page.items),
      h("div", {class: "pager"}, prev, h("span", {class: "muted"}, "Page " + (index + 1) +
        (page.items.length ? " (" + page.items.length + " shown)" : "")), next));
    setStatus("");
    ready();
  }
  return {el: box, start: () => go(0)};
}

// ------------------------------------------------------------------ pages

async function pageDatabases(main) {
  crumbs("Databases");
  const p = pager(async (token) => {
    const r = await api("/v1/databases", {max_results: PAGE, page_token: token});
    return {items: r.databases, next: r.next_page_token};
  }, (dbs) => table(["Database", "Description", "Location", "Created"], dbs.map((d) =>
    row(link(d.Name, route("db", d.Name)), d.Description, d.LocationUri, time(d.CreateTime)))),
  "databases");
  setKids(main, h("h1", {tabindex: "-1"}, "Databases"), p.el);
  await p.start();
}

async function pageDatabase(main, db) {
  crumbs(["Databases", "#/databases"], db);
  const info = await api("/v1/databases/" + encodeURIComponent(db));
  const p = pager(async (token) => {
    const r = await api("/v1/databases/" + encodeURIComponent(db) + "/tables",
      {max_results: PAGE, page_token: token});
    return {items: r.tables, next: r.next_page_token};
  }, (ts) => table(["Table", "Type", "Format", "Partition keys", "Location", "Updated"],
    ts.map((t) => row(link(t.Name, route("db", db, "table", t.Name)),
      (t.Parameters && (t.Parameters.table_type || t.Parameters.classification)) ||
        t.TableType, shortFormat(t.StorageDescriptor),
      (t.PartitionKeys || []).map((k) => k.Name).join(", "),
      t.StorageDescriptor && t.StorageDescriptor.Location, time(t.UpdateTime)))), "tables");
  setKids(main, h("h1", {tabindex: "-1"}, "Database " + db),
    props([["Description", info.Description], ["Location", info.LocationUri],
      ["Created", time(info.CreateTime)]]),
    h("h2", {}, "Parameters"), paramTable(info.Parameters),
    h("h2", {}, "Tables"), p.el);
  await p.start();
}

function shortFormat(sd) {
  const f = (sd && sd.InputFormat) || "";
  const m = f.match(/([A-Za-z]+)InputFormat$/);
  return m ? m[1] : f || "-";
}

async function pageTable(main, db, name) {
  crumbs(["Databases", "#/databases"], [db, route("db", db)], name);
  const t = await api("/v1/databases/" + encodeURIComponent(db) + "/tables/" +
    encodeURIComponent(name));
  const sd = t.StorageDescriptor || {};
  const serde = sd.SerdeInfo || {};
  const cols = sd.Columns || [];
  const stats = await columnStats(db, name, cols);
  const colRows = cols.map((c) => row(c.Name, c.Type, c.Comment, statText(stats[c.Name])));
  const iceberg = String((t.Parameters || {}).table_type || "").toUpperCase() === "ICEBERG";
  const snap = h("div", {id: "snapshots"});
  setKids(main, h("h1", {tabindex: "-1"}, "Table " + db + "." + t.Name),
    h("p", {}, link("Partitions", route("db", db, "table", t.Name, "partitions")), " | ",
      link("Versions", route("db", db, "table", t.Name, "versions"))),
    props([["Type", t.TableType], ["Description", t.Description], ["Owner", t.Owner],
      ["Location", sd.Location], ["Input format", sd.InputFormat],
      ["Output format", sd.OutputFormat], ["SerDe", serde.SerializationLibrary],
      ["Compressed", sd.Compressed], ["Version", t.VersionId], ["Created", time(t.CreateTime)],
      ["Updated", time(t.UpdateTime)]]),
    h("h2", {}, "Columns"), table(["Name", "Type", "Comment", "Statistics"], colRows),
    h("h2", {}, "Partition keys"), table(["Name", "Type", "Comment"],
      (t.PartitionKeys || []).map((k) => row(k.Name, k.Type, k.Comment))),
    h("h2", {}, "Parameters"), paramTable(t.Parameters),
    h("h2", {}, "SerDe parameters"), paramTable(serde.Parameters),
    iceberg ? [h("h2", {}, "Iceberg snapshots"), snap] : null);
  if (iceberg) await snapshots(snap, db, t.Name);
  ready();
}

// The column statistics of COLS (up to 100 names per call), by column name; {} on failure.
async function columnStats(db, name, cols) {
  const out = {};
  for (let i = 0; i < cols.length; i += 100) {
    try {
      const r = await api("/v1/databases/" + encodeURIComponent(db) + "/tables/" +
        encodeURIComponent(name) + "/column-statistics",
      {columns: JSON.stringify(cols.slice(i, i + 100).map((c) => c.Name))});
      for (const s of r.column_statistics || []) out[s.ColumnName] = s.StatisticsData;
    } catch (e) {
      if (e.status === 401) throw e;
      return out;
    }
  }
  return out;
}

function statText(data) {
  if (!data) return "-";
  const kind = Object.keys(data).find((k) => k !== "Type" && typeof data[k] === "object");
  const d = kind ? data[kind] : {};
  return Object.entries(d).map(([k, v]) => k + ": " + text(v)).join(", ") || data.Type;
}

async function snapshots(box, db, name) {
  try {
    const r = await api("/iceberg/v1/namespaces/" + encodeURIComponent(db) + "/tables/" +
      encodeURIComponent(name));
    const snaps = ((r && r.metadata && r.metadata.snapshots) || []).slice()
      .sort((a, b) => (b["timestamp-ms"] || 0) - (a["timestamp-ms"] || 0));
    const current = r && r.metadata && r.metadata["current-snapshot-id"];
    setKids(box, table(["Snapshot", "Parent", "Time", "Operation", "Summary"],
      snaps.map((s) => row(String(s["snapshot-id"]) + (s["snapshot-id"] === current ?
        " (current)" : ""), s["parent-snapshot-id"], typeof s["timestamp-ms"] === "number" ?
        new Date(s["timestamp-ms"]).toISOString() : "-", (s.summary || {}).operation,
      Object.entries(s.summary || {}).filter(([k]) => k !== "operation")
        .map(([k, v]) => k + "=" + v).join(", ")))));
  } catch (e) {
    if (e.status === 401) throw e;
    setKids(box, h("p", {class: "note"}, e.status === 404 ?
      "Snapshots are not available: this server's Iceberg REST front (/iceberg) does not " +
      "know this table (404)." : "Snapshots could not be read: " + e.message));
  }
}

async function pagePartitions(main, db, name, query) {
  crumbs(["Databases", "#/databases"], [db, route("db", db)], [name, route("db", db, "table",
    name)], "Partitions");
  const t = await api("/v1/databases/" + encodeURIComponent(db) + "/tables/" +
    encodeURIComponent(name));
  const keys = (t.PartitionKeys || []).map((k) => k.Name);
  const expr = query.get("expr") || "";
  const input = h("input", {type: "text", id: "expr", name: "expr", class: "wide", value: expr,
    placeholder: keys.length ? keys[0] + " = '...'" : "", "aria-describedby": "expr-help"});
  const form = h("form", {class: "inline", id: "filter", role: "search", onsubmit: (ev) => {
    ev.preventDefault();
    const q = input.value.trim();
    location.hash = route("db", db, "table", name, "partitions") +
      (q ? "?expr=" + encodeURIComponent(q) : "");
  }}, h("label", {for: "expr"}, "Filter"), input, h("button", {type: "submit"}, "Apply"),
  expr ? link("Clear", route("db", db, "table", name, "partitions")) : null);
  const p = pager(async (token) => {
    const r = await api("/v1/databases/" + encodeURIComponent(db) + "/tables/" +
      encodeURIComponent(name) + "/partitions", {expression: expr, max_results: PAGE,
      page_token: token, exclude_column_schema: "true"});
    return {items: r.partitions, next: r.next_page_token};
  }, (parts) => table(keys.concat(["Location", "Created"]), parts.map((pt) =>
    h("tr", {class: "partition"}, (pt.Values || []).map((v) => h("td", {}, text(v))),
      h("td", {}, text(pt.StorageDescriptor && pt.StorageDescriptor.Location)),
      h("td", {}, time(pt.CreationTime))))), "partitions");
  setKids(main, h("h1", {tabindex: "-1"}, "Partitions of " + db + "." + name), form,
    h("p", {id: "expr-help", class: "muted"}, "A Glue partition expression, e.g. " +
      (keys[0] || "dt") + " >= '2024-01-01' AND ... (LIKE, IN, BETWEEN, AND, OR, NOT). " +
      "Partitions are read " + PAGE + " at a time."), p.el);
  try {
    await p.start();
  } catch (e) {
    if (e.status !== 400) throw e;
    setKids(p.el, h("p", {class: "error", role: "alert"}, e.message));
    ready();
  }
}

// Table -> {"path": "value"} for comparing versions: columns and keys by name.
function flatten(t) {
  const out = {};
  const sd = t.StorageDescriptor || {};
  const put = (k, v) => {
    if (v !== undefined && v !== null && !(typeof v === "object" && !Object.keys(v).length))
      out[k] = typeof v === "object" ? JSON.stringify(v) : String(v);
  };
  put("TableType", t.TableType);
  put("Description", t.Description);
  put("Owner", t.Owner);
  for (const c of sd.Columns || []) put("Column " + c.Name, c.Type + (c.Comment ?
    " -- " + c.Comment : ""));
  for (const k of t.PartitionKeys || []) put("Partition key " + k.Name, k.Type);
  put("Location", sd.Location);
  put("InputFormat", sd.InputFormat);
  put("OutputFormat", sd.OutputFormat);
  put("SerDe", (sd.SerdeInfo || {}).SerializationLibrary);
  for (const [k, v] of Object.entries((sd.SerdeInfo || {}).Parameters || {}))
    put("SerDe parameter " + k, v);
  for (const [k, v] of Object.entries(t.Parameters || {})) put("Parameter " + k, v);
  put("UpdateTime", time(t.UpdateTime));
  return out;
}

async function pageVersions(main, db, name) {
  crumbs(["Databases", "#/databases"], [db, route("db", db)], [name, route("db", db, "table",
    name)], "Versions");
  const versions = [];
  let next;
  const load = async () => {
    const r = await api("/v1/databases/" + encodeURIComponent(db) + "/tables/" +
      encodeURIComponent(name) + "/versions", {max_results: PAGE, page_token: next});
    versions.push(...r.versions);
    next = r.next_page_token;
  };
  await load();
  const pick = (id, label, sel) => h("label", {}, label + " ", h("select", {id},
    versions.map((v, i) => h("option", {value: i, selected: i === sel}, "version " +
      v.VersionId + " (" + time(v.Table && v.Table.UpdateTime) + ")"))));
  const box = h("div", {id: "diff"});
  let onlyDiff = false;
  const loaded = h("p", {class: "muted"});
  const controls = h("form", {class: "inline", onsubmit: (ev) => {
    ev.preventDefault();
    show();
  }});
  function fill(left, right) {
    loaded.textContent = versions.length + " version(s) loaded, newest first.";
    setKids(controls, pick("left", "Older", left), pick("right", "Newer", right),
      h("button", {type: "submit"}, "Compare"),
      h("label", {}, h("input", {type: "checkbox", id: "only-diff", checked: onlyDiff,
        onchange: (ev) => {
          onlyDiff = ev.target.checked;
          show();
        }}), " Only differences"),
      next ? h("button", {type: "button", id: "more", onclick: () => guard(load().then(() =>
        fill(Number(document.getElementById("left").value),
          Number(document.getElementById("right").value))))}, "Load older versions") : null);
  }
  fill(Math.min(1, versions.length - 1), 0);
  function show() {
    const a = versions[Number(document.getElementById("left").value)];
    const b = versions[Number(document.getElementById("right").value)];
    if (!a || !b) {
      setKids(box, h("p", {class: "muted"}, "This table has no versions."));
      return;
    }
    const fa = flatten(a.Table || {});
    const fb = flatten(b.Table || {});
    const keys = [...new Set([...Object.keys(fa), ...Object.keys(fb)])];
    const rows = keys.map((k) => {
      const cls = !(k in fa) ? "added" : !(k in fb) ? "removed" : fa[k] !== fb[k] ? "changed" : "";
      return h("tr", {class: cls || null}, h("th", {scope: "row"}, k), h("td", {}, text(fa[k])),
        h("td", {}, text(fb[k])), h("td", {}, cls || "same"));
    });
    const changed = rows.filter((r) => r.className);
    setKids(box, h("p", {}, changed.length + " of " + keys.length + " fields differ."),
      table(["Field", "Version " + a.VersionId, "Version " + b.VersionId, "Difference"],
        onlyDiff ? changed : rows));
  }
  setKids(main, h("h1", {tabindex: "-1"}, "Versions of " + db + "." + name),
    loaded, controls, box);
  show();
  ready();
}

async function pageCrawlers(main) {
  crumbs("Crawlers");
  const p = pager(async (token) => {
    const r = await api("/v1/crawlers", {max_results: PAGE, page_token: token});
    return {items: r.crawlers, next: r.next_page_token};
  }, (cs) => table(["Crawler", "State", "Database", "Targets", "Schedule", "Last run",
    "Last status", "Last error"], cs.map((c) => {
    const last = c.LastCrawl || {};
    const targets = Object.values(c.Targets || {}).flat().map((x) => x.Path || x.DatabaseName ||
      JSON.stringify(x)).join(", ");
    return row(link(c.Name, route("crawlers", c.Name)), c.State, c.DatabaseName, targets,
      c.Schedule && c.Schedule.ScheduleExpression, time(last.StartTime), last.Status,
      last.ErrorMessage);
  })), "crawlers");
  setKids(main, h("h1", {tabindex: "-1"}, "Crawlers"), p.el);
  await p.start();
}

async function pageCrawler(main, name) {
  crumbs(["Crawlers", "#/crawlers"], name);
  const p = pager(async (token) => {
    const r = await api("/v1/crawlers/" + encodeURIComponent(name) + "/crawls",
      {max_results: PAGE, page_token: token});
    return {items: r.crawls, next: r.next_page_token};
  }, (runs) => table(["Run", "State", "Started", "Ended", "Seconds", "Summary", "Error"],
    runs.map((c) => row(c.CrawlId, c.State, time(c.StartTime), time(c.EndTime),
      typeof c.StartTime === "number" && typeof c.EndTime === "number" ?
        (c.EndTime - c.StartTime).toFixed(1) : "-", c.Summary, c.ErrorMessage))), "runs");
  setKids(main, h("h1", {tabindex: "-1"}, "Runs of crawler " + name), p.el);
  await p.start();
}

// ------------------------------------------------------------------ router

function ready() {
  document.body.dataset.state = "ready";
}

function fail(e) {
  const main = document.getElementById("main");
  setStatus("");
  if (e instanceof ApiError && e.status === 401) {
    const had = !!sessionStorage.getItem(TOKEN_KEY);
    sessionStorage.removeItem(TOKEN_KEY);
    renderSession();
    tokenForm(main, had);
    document.body.dataset.state = "signin";
    return;
  }
  setKids(main, h("h1", {tabindex: "-1"}, "Cannot show this page"),
    h("p", {class: "error", role: "alert"}, e instanceof ApiError ? e.message + " (" +
      (e.code || "HTTP " + e.status) + ")" : String(e && e.message || e)),
    h("p", {}, link("Back to the databases", "#/databases")));
  document.body.dataset.state = "error";
}

function guard(promise) {
  promise.catch(fail);
}

function render() {
  generation++;
  document.body.dataset.state = "loading";
  renderSession();
  const main = document.getElementById("main");
  const raw = location.hash.replace(/^#\/?/, "");
  const q = raw.indexOf("?");
  const query = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : "");
  let parts;
  try {
    parts = (q >= 0 ? raw.slice(0, q) : raw).split("/").filter((x) => x !== "")
      .map(decodeURIComponent);
  } catch (e) {
    parts = ["?"];
  }
  let page;
  const [a, b, c, d, e] = parts;
  if (!a || a === "databases") page = pageDatabases(main);
  else if (a === "db" && b && !c) page = pageDatabase(main, b);
  else if (a === "db" && b && c === "table" && d && !e) page = pageTable(main, b, d);
  else if (a === "db" && b && c === "table" && d && e === "partitions")
    page = pagePartitions(main, b, d, query);
  else if (a === "db" && b && c === "table" && d && e === "versions")
    page = pageVersions(main, b, d);
  else if (a === "crawlers" && !b) page = pageCrawlers(main);
  else if (a === "crawlers" && b) page = pageCrawler(main, b);
  else page = Promise.reject(new Error("No such page: #/" + parts.join("/")));
  page.then(() => {
    const h1 = main.querySelector("h1");
    if (h1 && document.activeElement === document.body) h1.focus({preventScroll: true});
  }, fail);
}

window.addEventListener("hashchange", render);
document.addEventListener("DOMContentLoaded", render);
