// Gerbang dashboard: one event-stream connection per browser, shared by all tabs and pages.
// A browser keeps at most six HTTP/1.1 connections per host; a stream per page (and per page
// kept in the back/forward cache) used them all, and the next page hung until one timed out.
//
// - Where SharedWorker exists, events-worker.js owns the one EventSource and hands every event
//   to every page.
// - Elsewhere, the tabs elect a leader over a BroadcastChannel: the leader holds the stream and
//   relays its events; when it goes away the others elect a new one.
// - With neither, each page has its own stream (old browsers).
// In every case a page lets go of the stream on `pagehide` and takes it again on `pageshow`,
// so a page in the back/forward cache holds no connection.
//
// window.GerbangLive.open(url, onData, onState): onData(text) gets each event's `data`,
// onState(true/false) whether the stream is up.
(function () {
  "use strict";
  var PING_MS = 10000;
  var BEAT_MS = 1000;
  var LEADER_SILENT_MS = 3500;

  function viaWorker(workerUrl, url, onData, onState) {
    var port = null;
    var ping = null;
    function start() {
      if (port) { return; }
      var worker;
      try { worker = new SharedWorker(workerUrl, { name: "gerbang-events" }); } catch (e) { return false; }
      port = worker.port;
      port.onmessage = function (m) {
        var msg = m.data || {};
        if (msg.kind === "event") { onData(msg.data); }
        else if (msg.kind === "state") { onState(msg.live); }
      };
      port.start();
      port.postMessage({ cmd: "open", url: url });
      ping = setInterval(function () { port.postMessage({ cmd: "ping" }); }, PING_MS);
      return true;
    }
    function stop() {
      if (!port) { return; }
      clearInterval(ping);
      port.postMessage({ cmd: "close" });
      port.close();
      port = null;
    }
    if (start() === false) { return false; }
    window.addEventListener("pagehide", stop);
    window.addEventListener("pageshow", function (ev) { if (ev.persisted) { start(); } });
    return true;
  }

  function viaLeader(url, onData, onState) {
    var me = Math.random().toString(36).slice(2) + Date.now().toString(36);
    var channel = null;
    var source = null;
    var leaderSeen = 0;
    var leaderId = null;
    var up = false;
    var timers = [];
    // The last event id this tab has seen: a new leader resumes after it, so nothing sent
    // while the leadership changed hands is lost.
    var lastId = "";

    function lead() {
      if (source) { return; }
      leaderId = me;
      document.body.setAttribute("data-live-leader", "yes");
      source = new EventSource(lastId ? url + (url.indexOf("?") < 0 ? "?" : "&") + "lastEventId=" + encodeURIComponent(lastId) : url);
      source.onopen = function () { up = true; onState(true); channel.postMessage({ kind: "state", live: true, from: me }); };
      source.onerror = function () { up = false; onState(false); channel.postMessage({ kind: "state", live: false, from: me }); };
      source.onmessage = function (msg) {
        if (msg.lastEventId) { lastId = msg.lastEventId; }
        onData(msg.data);
        channel.postMessage({ kind: "event", data: msg.data, id: msg.lastEventId, from: me });
      };
      beat();
    }
    function beat() { channel.postMessage({ kind: "beat", live: up, from: me }); }
    function stepDown() {
      if (!source) { return; }
      source.close();
      source = null;
      up = false;
      document.body.setAttribute("data-live-leader", "no");
    }
    function start() {
      if (channel) { return; }
      channel = new BroadcastChannel("gerbang-events");
      leaderSeen = 0;
      channel.onmessage = function (m) {
        var msg = m.data || {};
        if (msg.kind === "beat" || msg.kind === "event" || msg.kind === "state") {
          // Two leaders (both claimed at once): the smaller id keeps the stream.
          if (source && msg.from < me) { stepDown(); }
          if (!source || msg.from < me) { leaderSeen = Date.now(); leaderId = msg.from; }
        }
        if (msg.kind === "event" && !source) {
          if (msg.id) { lastId = msg.id; }
          onData(msg.data);
        }
        else if ((msg.kind === "state" || msg.kind === "beat") && !source) { onState(msg.live); }
        else if (msg.kind === "resign" && msg.from === leaderId) {
          leaderSeen = 0;
          timers.push(setTimeout(elect, Math.random() * 300));
        } else if (msg.kind === "hello" && source) {
          beat();
        }
      };
      channel.postMessage({ kind: "hello", from: me });
      timers.push(setTimeout(elect, 300 + Math.random() * 300));
      timers.push(setInterval(function () {
        if (source) { beat(); } else { elect(); }
      }, BEAT_MS));
    }
    function elect() {
      if (channel && !source && Date.now() - leaderSeen > LEADER_SILENT_MS) { lead(); }
    }
    function stop() {
      if (!channel) { return; }
      timers.forEach(function (t) { clearTimeout(t); clearInterval(t); });
      timers = [];
      if (source) {
        stepDown();
        channel.postMessage({ kind: "resign", from: me });
      }
      channel.close();
      channel = null;
    }
    start();
    window.addEventListener("pagehide", stop);
    window.addEventListener("pageshow", function (ev) { if (ev.persisted) { start(); } });
  }

  function alone(url, onData, onState) {
    var source = null;
    function start() {
      if (source) { return; }
      source = new EventSource(url);
      source.onopen = function () { onState(true); };
      source.onerror = function () { onState(false); };
      source.onmessage = function (msg) { onData(msg.data); };
    }
    function stop() {
      if (source) { source.close(); source = null; }
    }
    start();
    window.addEventListener("pagehide", stop);
    window.addEventListener("pageshow", function (ev) { if (ev.persisted) { start(); } });
  }

  window.GerbangLive = {
    open: function (url, onData, onState) {
      if (!window.EventSource) { return "none"; }
      var workerUrl = document.body.getAttribute("data-events-worker");
      if (window.SharedWorker && workerUrl && viaWorker(workerUrl, url, onData, onState)) { return "worker"; }
      if (window.BroadcastChannel) { viaLeader(url, onData, onState); return "leader"; }
      alone(url, onData, onState);
      return "alone";
    }
  };
})();
