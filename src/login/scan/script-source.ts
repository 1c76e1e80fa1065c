/*
 * The scan-login script the OA login page embeds (served by scan-script.ts as /scan/login.js).
 * Plain ES2017 so any OA page can load it as is. It never trusts the page's clock against the
 * bridge's: the countdown runs from `ttlMs`, and a state change moves it by the difference of two
 * bridge times. Texts go in with textContent; only our own server's QR SVG is parsed into the page.
 */
export const SCAN_SCRIPT = String.raw`(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.fetch) return;
  var src = new URL(me.src, location.href);
  var base = src.origin + src.pathname.replace(/\/scan\/login\.js$/, "");
  var data = me.dataset || {};
  var lang = data.lang === "en" ? "en" : "zh-CN";
  var MAX_REISSUES = 5;
  var FINAL = { consumed: 1, expired: 1, denied: 1, cancelled: 1 };
  var T = {
    "zh-CN": {
      loading: "正在获取二维码…", pending: "请使用 WeLink 扫一扫登录", countdown: "{n} 秒后失效",
      scanned: "已扫码，请在手机上确认", confirmed: "已确认，正在登录…", denied: "已在手机上拒绝登录",
      expired: "二维码已过期", cancelled: "二维码已取消（可能有其他人也扫描了它）", consumed: "二维码已使用",
      refresh: "刷新", SCAN_LOGIN_OFF: "扫码登录未开启", ORIGIN_NOT_ALLOWED: "此页面不允许显示扫码登录二维码，请联系管理员",
      NETWORK_NOT_ALLOWED: "当前网络不允许扫码登录，请在公司网络内访问，或联系管理员", TOO_MANY_TICKETS: "请求过于频繁，请 {n} 秒后再试",
      TICKET_UNKNOWN: "二维码无效，请刷新", error: "暂时无法连接扫码登录服务，请稍后刷新", label: "WeLink 扫码登录",
      qrUrl: "演示：手机扫码后打开的地址："
    },
    en: {
      loading: "Getting a QR code…", pending: "Scan with WeLink to sign in", countdown: "Expires in {n} s",
      scanned: "Scanned — confirm on your phone", confirmed: "Confirmed, signing you in…", denied: "Sign-in was denied on the phone",
      expired: "The QR code expired", cancelled: "The QR code was cancelled (someone else may have scanned it too)", consumed: "The QR code was already used",
      refresh: "Refresh", SCAN_LOGIN_OFF: "Scan login is switched off", ORIGIN_NOT_ALLOWED: "This page may not show the scan-login QR code; ask your administrator",
      NETWORK_NOT_ALLOWED: "Scan login is not offered on this network; use the company network or ask your administrator", TOO_MANY_TICKETS: "Too many requests; try again in {n} s",
      TICKET_UNKNOWN: "This QR code is not valid; refresh it", error: "Cannot reach the scan-login service right now; refresh later", label: "WeLink scan login",
      qrUrl: "Demo: the address the phone opens after scanning: "
    }
  }[lang];
  var say = function (key, n) { return (T[key] || T.error).replace("{n}", String(n)); };

  var root = document.getElementById(data.element || "welink-scan-login");
  if (!root) {
    root = document.createElement("div");
    me.parentNode.insertBefore(root, me);
  }
  function el(tag, testid) {
    var e = document.createElement(tag);
    if (testid) e.setAttribute("data-testid", testid);
    return e;
  }
  var box = el("div", "welink-scan");
  box.className = "welink-scan";
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", T.label);
  box.style.cssText = "display:inline-block;text-align:center;font:14px/1.5 system-ui,sans-serif;color:#222;min-width:200px";
  var qr = el("div", "scan-qr");
  qr.style.cssText = "width:200px;height:200px;margin:0 auto;transition:opacity .2s";
  var msg = el("p", "scan-message");
  msg.setAttribute("role", "status");
  msg.setAttribute("aria-live", "polite");
  msg.style.cssText = "margin:8px 0 0";
  var count = el("p", "scan-countdown");
  count.style.cssText = "margin:2px 0 0;color:#777;font-size:12px";
  var refresh = el("button", "scan-refresh");
  refresh.type = "button";
  refresh.textContent = T.refresh;
  refresh.hidden = true;
  refresh.style.cssText = "margin-top:8px;padding:4px 16px;cursor:pointer";
  // Only when the bridge runs as the demo: the QR's URL in words, for the sandbox to play the phone with.
  var qrUrl = el("p", "scan-qr-url");
  qrUrl.hidden = true;
  qrUrl.style.cssText = "margin:8px auto 0;max-width:320px;color:#555;font-size:12px;word-break:break-all;text-align:left";
  box.appendChild(qr); box.appendChild(msg); box.appendChild(count); box.appendChild(refresh); box.appendChild(qrUrl);
  root.textContent = "";
  root.appendChild(box);

  var cur = null;      // the ticket being shown: {id, secret, links, state, expiresAt, ctrl}
  var reissues = 0;
  var timer = null;
  var until = 0;       // when the countdown ends, on this page's clock

  function show(state, text, code) {
    box.setAttribute("data-state", state);
    if (code) box.setAttribute("data-code", code); else box.removeAttribute("data-code");
    msg.textContent = text;
    qr.style.opacity = state === "pending" ? "1" : "0.15";
    if (state !== "pending" && state !== "scanned") qr.textContent = state === "loading" ? qr.textContent : "";
    refresh.hidden = !(FINAL[state] || state === "error");
  }
  function drawQr(svg) {
    var doc = new DOMParser().parseFromString(svg, "image/svg+xml");
    var node = document.importNode(doc.documentElement, true);
    node.setAttribute("width", "200");
    node.setAttribute("height", "200");
    node.setAttribute("role", "img");
    node.setAttribute("aria-label", T.pending);
    qr.textContent = "";
    qr.appendChild(node);
  }
  function countdown(ms) {
    if (timer) clearInterval(timer);
    until = Date.now() + ms;
    var tick = function () {
      var left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      count.textContent = say("countdown", left);
      if (left === 0 && timer) { clearInterval(timer); timer = null; }
    };
    tick();
    timer = setInterval(tick, 1000);
  }
  function stopCountdown() {
    if (timer) clearInterval(timer);
    timer = null;
    count.textContent = "";
  }
  function init(t, method) {
    var headers = {};
    if (t.secret) headers["X-Scan-Secret"] = t.secret;
    return { method: method, headers: headers, cache: "no-store", credentials: t.secret ? "omit" : "same-origin", signal: t.ctrl.signal };
  }
  var sleep = function (ms) { return new Promise(function (r) { setTimeout(r, ms); }); };
  async function problemOf(res) {
    try { return await res.json(); } catch (e) { return {}; }
  }
  function refused(p, res) {
    var code = p && p.code;
    var wait = res && Number(res.headers.get("Retry-After")) || 60;
    stopCountdown();
    show("error", T[code] ? say(code, wait) : T.error, code || "NETWORK");
  }

  async function start() {
    if (cur) cur.ctrl.abort();
    cur = null;
    stopCountdown();
    show("loading", T.loading);
    var body = { tenant: data.tenant || "" };
    if (data.target) body.target = data.target;
    var res;
    try {
      res = await fetch(base + "/scan/tickets", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), cache: "no-store", credentials: "same-origin" });
    } catch (e) {
      return refused(null);
    }
    if (res.status !== 201) return refused(await problemOf(res), res);
    var m = await res.json();
    var t = { id: m.id, secret: m.secret, links: m.links, state: m.state, expiresAt: m.expiresAt, ctrl: new AbortController() };
    cur = t;
    box.setAttribute("data-ticket", t.id);
    box.setAttribute("data-reissues", String(reissues));
    drawQr(m.qrSvg);
    if (m.showQrUrl && m.qrUrl) {
      var code = el("code");
      code.textContent = m.qrUrl;
      qrUrl.textContent = T.qrUrl;
      qrUrl.appendChild(code);
      qrUrl.hidden = false;
    }
    show("pending", T.pending);
    countdown(m.ttlMs);
    follow(t);
  }

  function onState(t, s) {
    // Once the hand-off is asked for, its answer decides (the stream's "consumed" is its echo).
    if (t !== cur || t.handingOff || !s || !s.state) return;
    var before = t.state;
    if (s.state === before && s.expiresAt === t.expiresAt) return;
    var moved = s.expiresAt - t.expiresAt;
    t.state = s.state;
    t.expiresAt = s.expiresAt;
    if (s.state === "pending" || s.state === "scanned") {
      show(s.state, T[s.state]);
      if (moved) countdown(Math.max(0, until - Date.now() + moved));
      return;
    }
    stopCountdown();
    if (s.state === "confirmed") return void handoff(t);
    t.ctrl.abort();
    if (s.state === "expired" && before === "pending" && reissues < MAX_REISSUES) {
      reissues++;
      return void start();
    }
    show(s.state, T[s.state]);
  }

  async function handoff(t) {
    t.handingOff = true;
    show("confirmed", T.confirmed);
    try {
      var o = init(t, "POST");
      delete o.signal;
      var res = await fetch(base + t.links.handoff, o);
      var p = await problemOf(res);
      if (res.ok && p.url) {
        t.state = "consumed";
        return void location.assign(p.url);
      }
      var code = p.code || "";
      var state = { TICKET_USED: "consumed", TICKET_EXPIRED: "expired", TICKET_DENIED: "denied", TICKET_CANCELLED: "cancelled" }[code];
      t.state = state || "error";
      show(state || "error", state ? T[state] : say(code), code);
    } catch (e) {
      if (t === cur) show("error", T.error, "NETWORK");
    }
  }

  /** The state as a stream (fetch, so the secret can go in a header); false when it broke off early. */
  async function stream(t) {
    var res = await fetch(base + t.links.events, init(t, "GET"));
    if (!res.ok || !res.body) return false;
    var reader = res.body.getReader();
    var dec = new TextDecoder();
    var buf = "";
    for (;;) {
      var r = await reader.read();
      if (r.done) return !!FINAL[t.state];
      buf += dec.decode(r.value, { stream: true }).replace(/\r\n/g, "\n");
      var i;
      while ((i = buf.indexOf("\n\n")) >= 0) {
        var block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        var event = "message", payload = "";
        block.split("\n").forEach(function (line) {
          if (line.indexOf("event:") === 0) event = line.slice(6).trim();
          else if (line.indexOf("data:") === 0) payload += line.slice(5).trim();
        });
        if (event === "state" && payload) onState(t, JSON.parse(payload));
        if (t !== cur) { reader.cancel().catch(function () {}); return true; }
      }
    }
  }

  async function follow(t) {
    try {
      if (await stream(t)) return;
    } catch (e) {
      if (t.ctrl.signal.aborted) return;
    }
    // The stream failed or ended early (a proxy, a restart): long poll until the ticket ends.
    var fails = 0;
    while (t === cur && !FINAL[t.state] && t.state !== "confirmed") {
      try {
        var res = await fetch(base + t.links.state + "?after=" + encodeURIComponent(t.state), init(t, "GET"));
        if (res.status === 404) return void show("error", T.TICKET_UNKNOWN, "TICKET_UNKNOWN");
        if (!res.ok) throw new Error("state " + res.status);
        fails = 0;
        onState(t, await res.json());
      } catch (e) {
        if (t.ctrl.signal.aborted) return;
        fails++;
        await sleep(Math.min(10000, 1000 * fails));
      }
    }
  }

  refresh.addEventListener("click", function () {
    reissues = 0;
    start();
  });
  // Leaving the page gives the ticket up (sendBeacon cannot carry the secret header).
  window.addEventListener("pagehide", function () {
    var t = cur;
    if (!t || FINAL[t.state] || t.state === "confirmed") return;
    try {
      var o = init(t, "POST");
      delete o.signal;
      o.keepalive = true;
      fetch(base + t.links.cancel, o).catch(function () {});
    } catch (e) {}
    t.ctrl.abort();
  });
  window.addEventListener("pageshow", function (e) {
    if (e.persisted) { reissues = 0; start(); }
  });
  start();
})();
`;
