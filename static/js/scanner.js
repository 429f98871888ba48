/* The door scanner: the camera reads QR codes with jsQR, the server answers through the
 * check-in API, and when the network is gone the page decides from today's list kept on
 * the phone and queues the scans until it can send them. Without JavaScript the page still
 * works with typed codes. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("door-config").textContent);
  var texts = config.texts;
  var listKey = "spolu-door-list-" + config.occurrence;
  var queueKey = "spolu-door-queue-" + config.occurrence;
  var answerBox = document.getElementById("door-answer");
  var counter = document.getElementById("door-counter");
  var offlineBadge = document.getElementById("door-offline");
  var video = document.getElementById("door-video");
  var canvas = document.getElementById("door-canvas");
  var cameraBox = document.getElementById("door-camera");
  var cameraNote = document.getElementById("door-camera-note");
  var typeForm = document.getElementById("door-type");
  var csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";

  var lastCode = "";
  var lastCodeAt = 0;
  var busy = false;
  var clearTimer = null;
  var REPEAT_PAUSE_MS = 4000;   // the same ticket held in front of the camera is not re-sent
  var ANSWER_MS = 3500;          // then the screen is ready for the next person
  var REQUEST_TIMEOUT_MS = 4000;

  function load(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage full: keep going */ }
  }
  function nonce() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function compact(code) { return (code || "").replace(/[\s\-–]/g, "").toUpperCase(); }
  function seatsText(n) {
    var form = n === 1 ? texts.seats[0] : (n >= 2 && n <= 4 ? texts.seats[1] : texts.seats[2]);
    return form.replace("{n}", n);
  }

  function request(method, url, body) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) { controller.abort(); } }, REQUEST_TIMEOUT_MS);
    return fetch(url, {
      method: method, credentials: "same-origin", signal: controller ? controller.signal : undefined,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      clearTimeout(timer);
      if (response.status >= 500) { throw new Error("server " + response.status); }
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }, function (error) { clearTimeout(timer); throw error; });
  }

  /* --- What the screen shows --------------------------------------------------------- */

  function show(answer, offline) {
    var state = answer.status;
    answerBox.className = "door-answer door-" + state;
    answerBox.innerHTML = "";
    addLine("door-message", answer.message);
    if (answer.name) { addLine("door-name", answer.name); }
    if (answer.seats) {
      var seats = answer.seats_text || seatsText(answer.seats);
      addLine("door-seats", answer.needs && answer.needs.length ? seats + " · " + answer.needs.join(", ") : seats);
    }
    if (offline) { addLine("door-offline-note", texts.offline); }
    if (state === "ok" && !offline) { addUndo(answer.code); }
    signal(state);
    clearTimeout(clearTimer);
    clearTimer = setTimeout(ready, ANSWER_MS);
  }
  function addLine(className, text) {
    var p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    answerBox.appendChild(p);
  }
  function addUndo(code) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button-secondary";
    button.textContent = (document.querySelector(".door-undo button") || {}).textContent || "↶";
    button.addEventListener("click", function () { undo(code); });
    answerBox.appendChild(button);
  }
  function ready() {
    if (answerBox.querySelector("button:focus")) { return; }
    answerBox.className = "door-answer door-idle";
    answerBox.innerHTML = "";
    addLine("door-message", texts.ready);
  }
  function signal(state) {
    var good = state === "ok";
    if (navigator.vibrate) { navigator.vibrate(good ? 120 : [250, 120, 250]); }
    try {
      var Audio = window.AudioContext || window.webkitAudioContext;
      if (!Audio) { return; }
      signal.context = signal.context || new Audio();
      var oscillator = signal.context.createOscillator();
      var gain = signal.context.createGain();
      oscillator.frequency.value = good ? 880 : 220;
      gain.gain.value = 0.2;
      oscillator.connect(gain);
      gain.connect(signal.context.destination);
      oscillator.start();
      oscillator.stop(signal.context.currentTime + (good ? 0.15 : 0.45));
    } catch (e) { /* no sound on this phone */ }
  }

  /* --- Today's list, kept for offline ------------------------------------------------ */

  function refreshList() {
    // While scans wait to be sent, the phone's own list knows more than the server's.
    if (load(queueKey, []).length) { return Promise.resolve(); }
    return request("GET", config.list + "?occurrence=" + config.occurrence).then(function (reply) {
      if (reply.status === 200) {
        save(listKey, reply.data);
        updateCounter(reply.data);
      }
    }, function () { setOffline(true); });
  }
  function updateCounter(list) {
    var strong = counter.querySelector("strong");
    if (strong) { strong.textContent = list.checked_in_seats; }
  }
  function decideLocally(code) {
    var list = load(listKey, null);
    var entry = null;
    if (list) {
      for (var i = 0; i < list.registrations.length; i++) {
        if (list.registrations[i].code === code) { entry = list.registrations[i]; break; }
      }
    }
    if (!entry) { return { status: "unknown", message: texts.unknown }; }
    var answer = { status: entry.status, name: entry.name, seats: entry.seats, needs: entry.needs, code: code };
    if (entry.status === "cancelled") { answer.message = texts.cancelled; }
    else if (entry.status === "waitlisted") { answer.status = "waiting_list"; answer.message = texts.waiting_list; }
    else if (entry.checked_in_at) {
      answer.status = "already_checked_in";
      answer.message = texts.already + " " + entry.checked_in_at.slice(11, 16);
    } else {
      answer.status = "ok";
      answer.message = texts.ok;
      entry.checked_in_at = new Date().toISOString();
      list.checked_in_seats += entry.seats;
      save(listKey, list);
      updateCounter(list);
    }
    return answer;
  }

  /* --- Scanning ------------------------------------------------------------------------ */

  var MAX_CODE = 64;       // what the server accepts; longer text (a poster's URL) is no ticket
  var MAX_BATCH = 500;     // what one sync request may carry

  function checkIn(rawCode) {
    var code = compact(rawCode);
    if (!code || busy) { return; }
    if (code.length > MAX_CODE) {
      show({ status: "unknown", message: texts.unknown }, false);
      return;
    }
    var now = Date.now();
    if (code === lastCode && now - lastCodeAt < REPEAT_PAUSE_MS) { return; }
    lastCode = code;
    lastCodeAt = now;
    busy = true;
    var scan = { code: code, nonce: nonce(), scanned_at: new Date().toISOString() };
    request("POST", config.checkin, { occurrence: config.occurrence, code: code, nonce: scan.nonce })
      .then(function (reply) {
        setOffline(false);
        if (reply.status === 200) {
          show(reply.data, false);
          markChecked(reply.data);
        } else {
          show({ status: "unknown", message: reply.data.detail || texts.unknown }, false);
        }
      }, function () {
        // No network: the phone decides from the list and sends the scan later.
        var answer = decideLocally(code);
        scan.locally_admitted = answer.status === "ok";
        var queue = load(queueKey, []);
        queue.push(scan);
        save(queueKey, queue);
        setOffline(true);
        show(answer, true);
      })
      .then(function () { busy = false; });
  }
  function markChecked(answer) {
    var list = load(listKey, null);
    if (!list || answer.status !== "ok") { return; }
    list.registrations.forEach(function (entry) {
      if (entry.code === compact(answer.code)) { entry.checked_in_at = answer.scanned_at; }
    });
    list.checked_in_seats += answer.seats;
    save(listKey, list);
    updateCounter(list);
  }
  function undo(code) {
    request("POST", config.undo, { occurrence: config.occurrence, code: compact(code) }).then(function (reply) {
      if (reply.status === 200) {
        save(listKey, reply.data);
        updateCounter(reply.data);
        show({ status: "undone", message: texts.undone }, false);
        lastCode = "";
      }
    }, function () { setOffline(true); });
  }

  function sync() {
    var batch = load(queueKey, []).slice(0, MAX_BATCH);
    if (!batch.length) { return Promise.resolve(); }
    return request("POST", config.sync, { occurrence: config.occurrence, scans: batch }).then(function (reply) {
      if (reply.status !== 200) { return; }
      // Scans queued while this request was on its way stay queued for the next sync.
      var sent = {};
      batch.forEach(function (scan) { sent[scan.nonce] = true; });
      save(queueKey, load(queueKey, []).filter(function (scan) { return !sent[scan.nonce]; }));
      setOffline(false);
      var conflicts = reply.data.answers.filter(function (answer) { return answer.conflict; });
      if (conflicts.length) {
        show({
          status: "already_checked_in",
          message: texts.conflicts + " " + conflicts.map(function (a) { return a.name; }).join(", ")
        }, false);
      }
      return load(queueKey, []).length ? sync() : refreshList();
    }, function () { setOffline(true); });
  }
  function setOffline(isOffline) {
    var waiting = load(queueKey, []).length;
    offlineBadge.hidden = !isOffline && !waiting;
    offlineBadge.textContent = isOffline ? texts.offline + (waiting ? " (" + waiting + ")" : "") : texts.saved;
  }

  /* --- Camera ------------------------------------------------------------------------ */

  function startCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.jsQR) {
      return cameraUnavailable();
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        cameraBox.hidden = false;
        return video.play();
      })
      .then(function () { requestAnimationFrame(readFrame); })
      .catch(cameraUnavailable);
  }
  function cameraUnavailable() {
    cameraNote.textContent = texts.camera_off;
    cameraNote.hidden = false;
  }
  var lastDecode = 0;
  function readFrame(time) {
    requestAnimationFrame(readFrame);
    if (time - lastDecode < 120 || video.readyState < 2 || !video.videoWidth) { return; }
    lastDecode = time;
    var width = Math.min(video.videoWidth, 640);
    var height = Math.round(video.videoHeight * width / video.videoWidth);
    canvas.width = width;
    canvas.height = height;
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, width, height);
    var image = context.getImageData(0, 0, width, height);
    var found = window.jsQR(image.data, width, height, { inversionAttempts: "dontInvert" });
    if (found && found.data) { checkIn(found.data); }
  }

  typeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var input = document.getElementById("door-code");
    lastCode = "";
    checkIn(input.value);
    input.value = "";
  });
  window.addEventListener("online", sync);
  setInterval(sync, 15000);
  setInterval(refreshList, 60000);
  setOffline(!navigator.onLine);
  refreshList().then(sync);
  startCamera();
})();
