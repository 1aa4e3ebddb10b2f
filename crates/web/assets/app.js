// Gerbang dashboard: live updates from the event stream (/api/events, signed in by the session
// cookie) and small form helpers. Everything else works without this file.
(function () {
  "use strict";
  var labels = {};
  try { labels = JSON.parse(document.getElementById("labels").textContent); } catch (e) { labels = {}; }
  function t(key) { return labels[key] || key; }

  // The phone menu: the link to #menu becomes a button that opens and closes it in place.
  var menuBtn = document.getElementById("menu-btn");
  var topBar = document.getElementById("top");
  if (menuBtn && topBar) {
    menuBtn.addEventListener("click", function (ev) {
      ev.preventDefault();
      var open = !topBar.classList.contains("open");
      topBar.classList.toggle("open", open);
      menuBtn.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) { var first = topBar.querySelector("nav a"); if (first) { first.focus(); } }
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && topBar.classList.contains("open")) {
        topBar.classList.remove("open");
        menuBtn.setAttribute("aria-expanded", "false");
        menuBtn.focus();
      }
    });
  }

  // The inbox: a picture opens in a viewer on the page (without this script, the link opens
  // it); "Reply to this" quotes the message in the composer without a reload.
  var viewer = document.getElementById("viewer");
  var replying = document.getElementById("replying");
  document.addEventListener("click", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    var pic = target && target.closest("a[data-viewer]");
    if (pic && viewer && typeof viewer.showModal === "function") {
      ev.preventDefault();
      var img = document.getElementById("viewer-img");
      var thumb = pic.querySelector("img");
      img.src = pic.getAttribute("href");
      img.alt = thumb ? thumb.alt : "";
      viewer.showModal();
      return;
    }
    var reply = target && target.closest("a[data-reply]");
    if (reply && replying) {
      ev.preventDefault();
      var bubble = reply.closest(".bubble");
      var body = bubble && bubble.querySelector(".body");
      var text = body ? body.textContent : "";
      document.getElementById("reply-to").value = reply.getAttribute("data-reply");
      document.getElementById("replying-text").textContent = text.length > 80 ? text.slice(0, 80) + "…" : text;
      replying.hidden = false;
      document.getElementById("reply-text").focus();
      return;
    }
    if (target && target.id === "cancel-reply" && replying) {
      ev.preventDefault();
      document.getElementById("reply-to").value = "";
      replying.hidden = true;
      document.getElementById("reply-text").focus();
    }
  });
  if (viewer) {
    viewer.addEventListener("click", function (ev) { if (ev.target === viewer) { viewer.close(); } });
  }

  // A new account takes the browser's time zone (the server falls back to Asia/Jakarta).
  document.querySelectorAll("input[data-browser-tz]").forEach(function (input) {
    try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { input.value = ""; }
  });

  // Preview of an image chosen for sending.
  document.querySelectorAll("input[type=file][data-preview]").forEach(function (input) {
    input.addEventListener("change", function () {
      var box = document.getElementById(input.getAttribute("data-preview"));
      box.textContent = "";
      var file = input.files && input.files[0];
      if (!file) { return; }
      if (file.type.indexOf("image/") === 0) {
        var reader = new FileReader();
        reader.onload = function () {
          var img = document.createElement("img");
          img.src = reader.result;
          img.alt = file.name;
          box.appendChild(img);
        };
        reader.readAsDataURL(file);
      } else {
        box.textContent = file.name;
      }
    });
  });

  // A button that answers in a box of the page (the bot's "Test the key") asks without leaving
  // the page, so what was typed stays in the form: the server never sends a typed key back.
  // Without this script the button posts the form and the answer comes as a whole page.
  document.querySelectorAll("button[data-inline-result]").forEach(function (button) {
    button.addEventListener("click", function (ev) {
      var form = button.form;
      var id = button.getAttribute("data-inline-result");
      if (!form || !window.fetch || !window.FormData || !window.URLSearchParams) { return; }
      ev.preventDefault();
      button.disabled = true;
      fetch(button.getAttribute("formaction"), {
        method: "POST",
        credentials: "same-origin",
        body: new URLSearchParams(new FormData(form))
      })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(id);
          var box = document.getElementById(id);
          if (fresh && box) { box.parentNode.replaceChild(document.importNode(fresh, true), box); }
        })
        .catch(function () {})
        .then(function () { button.disabled = false; });
    });
  });

  // A typed secret does not stay in a page kept in the back/forward cache.
  window.addEventListener("pagehide", function () {
    document.querySelectorAll("input[data-secret]").forEach(function (input) { input.value = ""; });
  });

  var inbox = document.getElementById("inbox");
  var history = document.getElementById("history");

  // Older messages on scroll back (the link stays for keyboards and no-JS).
  var older = document.getElementById("older");
  var loading = false;
  function loadOlder() {
    if (!older || loading) { return; }
    var before = older.getAttribute("data-before");
    if (!before) { return; }
    loading = true;
    fetch(older.getAttribute("data-history") + "&before=" + encodeURIComponent(before), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var page = doc.querySelector(".history-page");
        if (!page) { return; }
        var height = history.scrollHeight;
        var items = Array.prototype.slice.call(page.children);
        for (var i = items.length - 1; i >= 0; i--) { history.insertBefore(items[i], history.firstChild); }
        history.scrollTop += history.scrollHeight - height;
        var next = page.getAttribute("data-next-before");
        if (next) {
          older.setAttribute("data-before", next);
          older.href = older.href.replace(/before=\d+/, "before=" + next);
        } else {
          older.parentNode.removeChild(older);
          older = null;
        }
      })
      .catch(function () {})
      .then(function () { loading = false; });
  }
  if (history) {
    history.scrollTop = history.scrollHeight;
    if (older) {
      older.addEventListener("click", function (ev) { ev.preventDefault(); loadOlder(); });
      history.addEventListener("scroll", function () { if (history.scrollTop < 40) { loadOlder(); } });
    }
  }

  if (document.body.getAttribute("data-live") !== "on" || !window.GerbangLive) { return; }

  var stateLine = document.getElementById("live-state");
  var deviceBox = document.getElementById("device");

  function setStatus(deviceId, status, phone) {
    if (phone) {
      document.querySelectorAll("[data-phone-of]").forEach(function (el) {
        if (el.getAttribute("data-phone-of") === deviceId) { el.textContent = phone; }
      });
    }
    document.querySelectorAll("[data-status-of]").forEach(function (badge) {
      if (badge.getAttribute("data-status-of") !== deviceId) { return; }
      badge.className = "badge badge-" + status;
      badge.querySelector(".badge-text").textContent = t("status." + status);
    });
    if (deviceBox && deviceBox.getAttribute("data-device") === deviceId) {
      var connected = status === "connected";
      document.getElementById("connected-box").hidden = !connected;
      document.querySelectorAll("[data-hide-when-connected]").forEach(function (el) { el.hidden = connected; });
      var qrBox = document.getElementById("qr-box");
      var expired = document.getElementById("qr-expired");
      // Codes that ran out unscanned leave the device disconnected: say so and offer new ones
      // instead of leaving the last, stale code on screen.
      if (status === "disconnected" && !qrBox.hidden && expired) { expired.hidden = false; }
      if (connected || status === "disconnected") { qrBox.hidden = true; }
      if (status === "qr_required") { qrBox.hidden = false; }
      if ((connected || status === "qr_required") && expired) { expired.hidden = true; }
    }
  }

  function showQr(deviceId, index) {
    if (!deviceBox || deviceBox.getAttribute("data-device") !== deviceId) { return; }
    var img = document.getElementById("qr");
    img.src = img.getAttribute("data-src") + "?n=" + encodeURIComponent(index) + "-" + Date.now();
    document.getElementById("qr-box").hidden = false;
  }

  var tickIcons = { pending: "\uD83D\uDD53", uncertain: "?", sent: "\u2713", delivered: "\u2713\u2713", read: "\u2713\u2713", played: "\u2713\u2713", failed: "\u2717", received: "" };

  function tick(el, status) {
    el.className = "tick tick-" + status;
    el.querySelector(".tick-icon").textContent = tickIcons[status] || "";
    el.querySelector(".tick-text").textContent = t("tick." + status);
  }

  // The same shape the server writes: "22 Nov 2026, 05:29" / "22 Nov 2026 05.29", in the
  // viewer's time zone.
  function formatTime(iso) {
    var html = document.documentElement;
    try {
      var parts = new Intl.DateTimeFormat(html.lang === "id" ? "id-ID" : "en-GB", {
        day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
        hour12: false, timeZone: html.getAttribute("data-tz") || "UTC"
      }).formatToParts(new Date(iso));
      var get = function (type) {
        var p = parts.filter(function (x) { return x.type === type; })[0];
        return p ? p.value.replace(".", "") : "";
      };
      var date = get("day") + " " + get("month") + " " + get("year");
      return html.lang === "id" ? date + " " + get("hour") + "." + get("minute")
                                : date + ", " + get("hour") + ":" + get("minute");
    } catch (e) { return iso; }
  }

  function messageItem(m) {
    var li = document.createElement("li");
    li.className = "msg " + (m.fromMe ? "out" : "in");
    li.setAttribute("data-message-id", m.messageId);
    li.setAttribute("data-id", m.id);
    var bubble = document.createElement("div");
    bubble.className = "bubble";
    if (m.messageType && m.messageType !== "text") {
      var tag = document.createElement("span");
      tag.className = "media-tag";
      tag.textContent = m.messageType;
      bubble.appendChild(tag);
    }
    if (m.media && m.media.mime && m.media.mime.indexOf("image/") === 0 && m.media.mime.indexOf("svg") < 0) {
      var url = "/devices/" + encodeURIComponent(m.deviceId) + "/media/" + encodeURIComponent(m.media.sha256);
      var link = document.createElement("a");
      link.href = url;
      var img = document.createElement("img");
      img.className = "thumb";
      img.src = url;
      img.alt = m.media.fileName || m.messageType;
      link.appendChild(img);
      bubble.appendChild(link);
    }
    if (m.body) {
      var p = document.createElement("p");
      p.className = "body";
      p.textContent = m.body;
      bubble.appendChild(p);
    }
    var meta = document.createElement("span");
    meta.className = "meta";
    var time = document.createElement("time");
    time.setAttribute("datetime", m.timestamp);
    time.textContent = formatTime(m.timestamp);
    meta.appendChild(time);
    if (m.fromMe) {
      var tk = document.createElement("span");
      tk.setAttribute("data-tick", "");
      var icon = document.createElement("span");
      icon.className = "tick-icon";
      icon.setAttribute("aria-hidden", "true");
      var text = document.createElement("span");
      text.className = "tick-text";
      tk.appendChild(icon);
      tk.appendChild(document.createTextNode(" "));
      tk.appendChild(text);
      tick(tk, m.status);
      meta.appendChild(tk);
    }
    bubble.appendChild(meta);
    li.appendChild(bubble);
    return li;
  }

  var chatRefresh = null;
  function refreshChats() {
    if (!inbox || chatRefresh) { return; }
    chatRefresh = setTimeout(function () {
      chatRefresh = null;
      var search = document.getElementById("inbox-search");
      var url = "/inbox/chats?device=" + encodeURIComponent(inbox.getAttribute("data-device")) +
        "&chat=" + encodeURIComponent(inbox.getAttribute("data-chat")) +
        "&search=" + encodeURIComponent(search ? search.value : "");
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var list = doc.getElementById("chat-list");
          var current = document.getElementById("chat-list");
          if (list && current) {
            list = document.importNode(list, true);
            // The open chat is being read: no unread badge for it.
            var open = list.querySelector(".chat.active .unread");
            if (open) { open.parentNode.removeChild(open); }
            current.parentNode.replaceChild(list, current);
          }
        })
        .catch(function () {});
    }, 300);
  }

  function onMessage(ev, isNew) {
    var m = ev.data && ev.data.message;
    if (!m) { return; }
    var existing = document.querySelector('[data-message-id="' + CSS.escape(m.messageId) + '"]');
    if (existing) {
      var tk = existing.querySelector("[data-tick]");
      if (tk) { tick(tk, m.status); }
    } else if (isNew && history && inbox.getAttribute("data-device") === ev.deviceId &&
               inbox.getAttribute("data-chat") === m.chatJid) {
      history.appendChild(messageItem(m));
      history.scrollTop = history.scrollHeight;
    }
    if (isNew) { refreshChats(); countToday(m); }
  }

  // The overview's "today" counters count each new message as it arrives.
  function countToday(m) {
    var el = document.querySelector('[data-today="' + (m.fromMe ? "sent" : "received") + '"]');
    if (!el) { return; }
    var n = Number(el.getAttribute("data-value")) + 1;
    el.setAttribute("data-value", String(n));
    el.textContent = numberFormat.format(n);
  }

  // Jobs: the list's bars and the job page's counters, bar, status and buttons follow the
  // job's progress events.
  var jobBox = document.getElementById("job");
  var numberFormat = new Intl.NumberFormat(document.documentElement.lang === "id" ? "id-ID" : "en-US");
  // A table body whose rows the server renders (`data-src`): fetched again after `delay` ms
  // when events say it changed, once for however many events arrive meanwhile.
  function refetcher(id, delay) {
    var body = document.getElementById(id);
    var due = null;
    return function () {
      if (!body || due) { return; }
      due = setTimeout(function () {
        due = null;
        fetch(body.getAttribute("data-src"), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) { if (html !== null) { body.innerHTML = html; } })
          .catch(function () {});
      }, delay);
    };
  }
  // The job page's recipients follow its progress; the scheduled list its messages.
  var refreshRecipients = refetcher("job-recipients", 500);
  var refreshScheduled = refetcher("scheduled-rows", 300);

  function onJob(d) {
    document.querySelectorAll("[data-job-status]").forEach(function (badge) {
      if (badge.getAttribute("data-job-status") !== d.jobId) { return; }
      badge.className = "badge badge-job-" + d.status;
      badge.querySelector(".badge-text").textContent = t("jobstatus." + d.status);
    });
    document.querySelectorAll("[data-job-bar]").forEach(function (bar) {
      if (bar.getAttribute("data-job-bar") === d.jobId) { bar.max = d.total; bar.value = d.total - d.pending; }
    });
    document.querySelectorAll("[data-job-sent]").forEach(function (el) {
      if (el.getAttribute("data-job-sent") === d.jobId) { el.textContent = numberFormat.format(d.sent); }
    });
    if (!jobBox || jobBox.getAttribute("data-job") !== d.jobId) { return; }
    refreshRecipients();
    ["total", "sent", "failed", "pending", "skipped", "uncertain"].forEach(function (k) {
      var el = jobBox.querySelector('[data-job-count="' + k + '"]');
      if (el && typeof d[k] === "number") { el.textContent = numberFormat.format(d[k]); }
    });
    var bar = document.getElementById("job-bar");
    bar.max = d.total;
    bar.value = d.total - d.pending;
    var reason = document.getElementById("job-stop-reason");
    reason.hidden = !d.stopReason;
    reason.querySelector("span").textContent = d.stopReason || "";
    jobBox.querySelectorAll("[data-job-when]").forEach(function (form) {
      var when = form.getAttribute("data-job-when").split(" ");
      form.hidden = when.indexOf("retry") >= 0 ? (d.failed + d.uncertain) === 0 : when.indexOf(d.status) < 0;
    });
  }

  // The event monitor (/events): live events on top, filtered like the page, with a pause
  // that holds them back (and counts them) until resumed.
  var monitor = document.getElementById("event-monitor");
  var monitorPaused = false;
  var monitorHeld = [];
  var pauseButton = document.getElementById("monitor-pause");
  function deviceLabel(id) {
    var opt = document.querySelector('#mon-device option[value="' + (id || "") + '"]');
    return id && opt ? opt.textContent : (id || "");
  }
  function showEvent(ev) {
    if (monitor.querySelector('[data-event-id="' + ev.id + '"]')) { return; }
    var li = document.createElement("li");
    li.className = "delivery";
    li.setAttribute("data-event-id", ev.id);
    var details = document.createElement("details");
    var summary = document.createElement("summary");
    var code = document.createElement("code");
    code.textContent = ev.type;
    summary.appendChild(code);
    var when = ev.createdAt ? formatTime(ev.createdAt) : "";
    summary.appendChild(document.createTextNode(" · " + deviceLabel(ev.deviceId) + " · " + when));
    var pre = document.createElement("pre");
    pre.className = "excerpt";
    pre.textContent = JSON.stringify(ev, null, 2);
    details.appendChild(summary);
    details.appendChild(pre);
    li.appendChild(details);
    monitor.insertBefore(li, monitor.firstChild);
    var keep = parseInt(monitor.getAttribute("data-keep"), 10) || 100;
    while (monitor.children.length > keep) { monitor.removeChild(monitor.lastChild); }
    var empty = document.getElementById("monitor-empty");
    if (empty) { empty.hidden = true; }
  }
  function onMonitor(ev) {
    var device = monitor.getAttribute("data-device");
    var type = monitor.getAttribute("data-type");
    if ((device && ev.deviceId !== device) || (type && ev.type !== type)) { return; }
    if (monitorPaused) {
      monitorHeld.push(ev);
      document.getElementById("monitor-waiting").textContent = t("live.waiting").replace("{n}", numberFormat.format(monitorHeld.length));
      return;
    }
    showEvent(ev);
  }
  if (monitor && pauseButton) {
    pauseButton.hidden = false;
    pauseButton.addEventListener("click", function () {
      monitorPaused = !monitorPaused;
      pauseButton.setAttribute("aria-pressed", monitorPaused ? "true" : "false");
      pauseButton.textContent = pauseButton.getAttribute(monitorPaused ? "data-resume" : "data-pause");
      if (!monitorPaused) {
        monitorHeld.forEach(showEvent);
        monitorHeld = [];
        document.getElementById("monitor-waiting").textContent = "";
      }
    });
  }

  // One stream for the whole browser (live.js): every tab and page gets every event (the
  // monitor shows them all; the other pages pick theirs).
  var url = "/api/events";
  var mode = window.GerbangLive.open(url, function (text) {
    var ev;
    try { ev = JSON.parse(text); } catch (e) { return; }
    if (ev.type === "connected") { stateLine.textContent = ""; return; }
    if (monitor) { onMonitor(ev); }
    var data = ev.data || {};
    if (ev.type === "whatsapp-status") { setStatus(ev.deviceId, data.status, data.phoneNumber); }
    else if (ev.type === "qr-code") { showQr(ev.deviceId, data.index); }
    else if (ev.type === "message.new") { onMessage(ev, true); }
    else if (ev.type === "message.status") { onMessage(ev, false); }
    else if (ev.type === "chat.read") { refreshChats(); }
    else if (ev.type === "job.progress" || ev.type === "job.completed") { onJob(data); }
    else if (ev.type === "scheduled.updated") { refreshScheduled(); }
  }, function (up) { stateLine.textContent = up ? "" : t("live.off"); });
  document.body.setAttribute("data-live-mode", mode);
})();
