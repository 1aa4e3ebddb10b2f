// Gerbang dashboard: the one event-stream connection of this browser, shared by every tab and
// page of the dashboard (a SharedWorker). Browsers allow only six HTTP/1.1 connections per host;
// one stream per page used them up after a few tabs or back/forward-cached pages, and the next
// page hung. Pages connect a port and say "open" (with the stream URL) or "close"; the stream
// is open while at least one page wants it.
"use strict";

var ports = [];
var source = null;
var url = null;
var live = false;
// A page that vanished without saying "close" (crash, killed tab) stops pinging; it is dropped
// after this long so the stream does not stay open for nobody.
var PORT_TIMEOUT_MS = 30000;

function post(port, msg) {
  try { port.postMessage(msg); } catch (e) { drop(port); }
}

function broadcast(msg) {
  ports.slice().forEach(function (p) { post(p, msg); });
}

function openStream() {
  if (source || !url) { return; }
  source = new EventSource(url);
  source.onopen = function () { live = true; broadcast({ kind: "state", live: true }); };
  source.onerror = function () {
    live = false;
    broadcast({ kind: "state", live: false });
    // Refused for good (signed out, session ended): try again later if pages still want it.
    if (source && source.readyState === EventSource.CLOSED) {
      source = null;
      setTimeout(function () { if (ports.length > 0) { openStream(); } }, 5000);
    }
  };
  source.onmessage = function (msg) { broadcast({ kind: "event", data: msg.data }); };
}

function closeStream() {
  if (!source) { return; }
  source.close();
  source = null;
  live = false;
}

function drop(port) {
  ports = ports.filter(function (p) { return p !== port; });
  if (ports.length === 0) { closeStream(); }
}

self.onconnect = function (ev) {
  var port = ev.ports[0];
  port.seen = Date.now();
  port.onmessage = function (m) {
    var msg = m.data || {};
    port.seen = Date.now();
    if (msg.cmd === "open") {
      if (ports.indexOf(port) < 0) { ports.push(port); }
      if (!url) { url = msg.url; }
      openStream();
      if (source) { post(port, { kind: "state", live: live }); }
    } else if (msg.cmd === "close") {
      drop(port);
    }
  };
  port.addEventListener("close", function () { drop(port); });
  port.start();
};

setInterval(function () {
  var now = Date.now();
  ports.slice().forEach(function (p) { if (now - p.seen > PORT_TIMEOUT_MS) { drop(p); } });
}, 5000);
