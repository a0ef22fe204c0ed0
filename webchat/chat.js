// The motcua web chat (served by the web channel at /webhooks/web/chat.js, same origin as its webhook).
// The chat's identity is a signed, HttpOnly session cookie the channel issues (POST /webhooks/web/session): this
// script never sees or chooses a sender id (?sender= is honoured by the server only in development mode).
// It posts messages to /webhooks/web/webhook and polls /webhooks/web/outbox every 2 s for staff replies.
(function () {
  "use strict";
  var MAX_FILE_BYTES = 10 * 1024 * 1024;
  var POLL_MS = 2000;
  var BASE = "/webhooks/web/";
  var JSON_HEADERS = { "Content-Type": "application/json" };
  var NO_ANSWER = "Xin lỗi, tôi chưa trả lời được. Bạn thử gửi lại sau ít phút nhé.";
  var OFFLINE = "Không kết nối được tới máy chủ. Bạn kiểm tra mạng rồi gửi lại giúp tôi nhé.";
  var log = document.getElementById("log"), input = document.getElementById("text");
  var fileInput = document.getElementById("file");
  var polling = true;

  function linkify(node, text) {
    var parts = text.split(/(https?:\/\/[^\s)]+)/g);
    parts.forEach(function (part, i) {
      if (i % 2) {
        var a = document.createElement("a");
        a.href = part; a.textContent = part; a.target = "_blank"; a.rel = "noopener noreferrer";
        node.appendChild(a);
      } else if (part) { node.appendChild(document.createTextNode(part)); }
    });
  }
  function add(cls, text) {
    var div = document.createElement("div");
    div.className = "msg " + cls;
    linkify(div, text);
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }
  function addButtons(buttons) {
    var box = document.createElement("div");
    box.className = "buttons";
    buttons.forEach(function (b) {
      var btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = b.title;
      btn.onclick = function () { box.remove(); send(b.payload, b.title); };
      box.appendChild(btn);
    });
    log.appendChild(box);
    log.scrollTop = log.scrollHeight;
  }
  function show(r, fromOutbox) {
    if (r.text) {
      var cls = "bot";
      if (fromOutbox) { cls = /^Cán bộ hỗ trợ:/.test(r.text) ? "staff" : "notice"; }
      add(cls, r.text);
    }
    if (r.image) add("bot", r.image);
    if (r.buttons && r.buttons.length) addButtons(r.buttons);
  }
  function post(path, body) {
    return fetch(BASE + path, { method: "POST", headers: JSON_HEADERS, credentials: "same-origin",
                                body: JSON.stringify(body) })
      .then(function (r) {
        return r.json().catch(function () { return null; }).then(function (answer) { return { r: r, body: answer }; });
      });
  }
  function send(message, shown) {
    add("user", shown === undefined ? message : shown);
    var typing = document.createElement("div");
    typing.className = "typing"; typing.textContent = "Trợ lý đang trả lời…";
    log.appendChild(typing);
    post("webhook", { message: message })
      .then(function (got) {
        typing.remove();
        if (Array.isArray(got.body) && got.body.length) { got.body.forEach(function (r) { show(r, false); }); return; }
        if (got.r.status === 401) { polling = false; }
        add("bot error", (got.body && got.body.detail) || NO_ANSWER);
      })
      .catch(function () { typing.remove(); add("bot error", OFFLINE); });
  }
  function poll() {
    if (!polling) return;
    fetch(BASE + "outbox", { credentials: "same-origin" })
      .then(function (r) {
        if (r.status === 401) { polling = false; return []; }
        return r.ok ? r.json() : [];
      })
      .then(function (messages) { messages.forEach(function (m) { show(m, true); }); })
      .catch(function () { /* the server is down or restarting: try again at the next tick */ })
      .then(function () { setTimeout(poll, POLL_MS); });
  }
  function attachFile(file) {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      add("bot error", "Tệp quá lớn (tối đa 10 MB). Bạn chụp lại ảnh nhỏ hơn hoặc gửi tệp PDF nhẹ hơn nhé.");
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      var data = String(reader.result).replace(/^data:[^,]*,/, "");
      var payload = { file_name: file.name, mime: file.type || "application/octet-stream", data_base64: data };
      send("/attach_document" + JSON.stringify(payload), "Tệp đính kèm: " + file.name);
    };
    reader.onerror = function () { add("bot error", "Không đọc được tệp " + file.name + "."); };
    reader.readAsDataURL(file);
  }
  document.getElementById("attach").addEventListener("click", function () { fileInput.click(); });
  fileInput.addEventListener("change", function () { attachFile(fileInput.files[0]); fileInput.value = ""; });
  document.getElementById("form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = input.value;
    if (!text.trim()) return;
    input.value = "";
    send(text);
  });
  // A new session greets once; a reload keeps the chat (its cookie) and does not greet again.
  var wanted = new URLSearchParams(location.search).get("sender");
  post("session", wanted ? { sender: wanted } : {})
    .then(function (got) {
      if (!got.r.ok) { add("bot error", (got.body && got.body.detail) || OFFLINE); return; }
      if (got.body && got.body.new) send("/greet", "Xin chào");
      poll();
    })
    .catch(function () { add("bot error", OFFLINE); });
  input.focus();
})();
