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

  // The ticket the screen answers for, and when the camera last saw it. Held in front of the
  // camera it is seen several times a second: as long as it keeps being seen (no gap longer
  // than HOLD_MS) the verdict on screen stays, with no new request and nothing queued.
  var heldCode = "";
  var heldSeenAt = 0;
  var busy = false;
  var HOLD_MS = 3000;
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
  function pragueTime(iso) {
    // The time of day in Prague, whatever the phone's own time zone (or a UTC timestamp) says.
    try {
      return new Intl.DateTimeFormat("cs-CZ", { timeZone: config.time_zone, hour: "2-digit", minute: "2-digit" })
        .format(new Date(iso));
    } catch (e) { return (iso || "").slice(11, 16); }
  }
  function alreadyText(iso, who) {
    var text = who ? texts.already_by.replace("{who}", who) : texts.already;
    return text.replace("{time}", pragueTime(iso));
  }
  function fingerprint(code) {
    // SHA-256 of the code, as registrations.door.ticket_fingerprint: how the list names other dates' tickets.
    if (!window.crypto || !crypto.subtle || !window.TextEncoder) { return Promise.resolve(""); }
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(code)).then(function (digest) {
      return Array.prototype.map.call(new Uint8Array(digest), function (byte) {
        return ("0" + byte.toString(16)).slice(-2);
      }).join("").slice(0, 20);
    }, function () { return ""; });
  }
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
    // The undo button stays until the next ticket is answered.
    if (state === "ok" && !offline) { addUndo(answer.code); }
    // A code typed below the fold: bring the answer back into view.
    if (answerBox.scrollIntoView) { answerBox.scrollIntoView({ block: "nearest" }); }
    signal(state);
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
    button.textContent = texts.undo;
    button.addEventListener("click", function () { undo(code); });
    answerBox.appendChild(button);
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
    document.getElementById("door-inside").textContent = list.checked_in_seats;
    document.getElementById("door-registered").textContent = list.registered_seats;
  }
  function otherDate(list, code) {
    // A ticket of another date of the same series: the list names it by fingerprint only.
    var dates = (list && list.other_dates) || [];
    if (!dates.length) { return Promise.resolve(null); }
    return fingerprint(code).then(function (print) {
      for (var i = 0; print && i < dates.length; i++) {
        if (dates[i].tickets.indexOf(print) !== -1) { return dates[i]; }
      }
      return null;
    });
  }
  function decideLocally(code) {
    var list = load(listKey, null);
    var entry = null;
    if (list) {
      for (var i = 0; i < list.registrations.length; i++) {
        if (list.registrations[i].code === code) { entry = list.registrations[i]; break; }
      }
    }
    if (!entry) {
      return otherDate(list, code).then(function (date) {
        if (date) { return { status: "wrong_occurrence", message: texts.wrong_date.replace("{when}", date.label) }; }
        return { status: "unknown", message: texts.unknown };
      });
    }
    var answer = { status: entry.status, name: entry.name, seats: entry.seats, needs: entry.needs, code: code };
    if (entry.status === "cancelled") { answer.message = texts.cancelled; }
    else if (entry.status === "waitlisted") { answer.status = "waiting_list"; answer.message = texts.waiting_list; }
    else if (entry.checked_in_at) {
      answer.status = "already_checked_in";
      answer.message = alreadyText(entry.checked_in_at, entry.checked_in_by);
    } else {
      answer.status = "ok";
      answer.message = texts.ok;
      entry.checked_in_at = new Date().toISOString();
      entry.checked_in_by = config.me;
      list.checked_in_seats += entry.seats;
      save(listKey, list);
      updateCounter(list);
    }
    return Promise.resolve(answer);
  }

  /* --- Scanning ------------------------------------------------------------------------ */

  var MAX_CODE = 64;       // what the server accepts; longer text (a poster's URL) is no ticket
  var MAX_BATCH = 500;     // what one sync request may carry

  function seenByCamera(rawCode) {
    var code = compact(rawCode);
    var now = Date.now();
    if (code === heldCode && now - heldSeenAt < HOLD_MS) {
      heldSeenAt = now;  // still the same ticket in front of the camera: the verdict stays
      return;
    }
    if (busy) { return; }
    heldCode = code;
    heldSeenAt = now;
    checkIn(code);
  }
  function checkIn(rawCode, then) {
    var code = compact(rawCode);
    if (!code || busy) { return; }
    if (code.length > MAX_CODE) {
      show({ status: "unknown", message: texts.unknown }, false);
      return;
    }
    busy = true;
    var scan = { code: code, nonce: nonce(), scanned_at: new Date().toISOString() };
    request("POST", config.checkin, { occurrence: config.occurrence, code: code, nonce: scan.nonce })
      .then(function (reply) {
        setOffline(false);
        if (reply.status === 200) {
          show(reply.data, false);
          markChecked(reply.data);
          showSaved();
        } else {
          show({ status: "unknown", message: reply.data.detail || texts.unknown }, false);
        }
      }, function () {
        // No network: the phone decides from the list and sends the scan later.
        return decideLocally(code).then(function (answer) {
          scan.locally_admitted = answer.status === "ok";
          var queue = load(queueKey, []);
          queue.push(scan);
          save(queueKey, queue);
          setOffline(true);
          show(answer, true);
        });
      })
      .then(function () {
        busy = false;
        if (then) { then(); }
      });
  }
  function markChecked(answer) {
    var list = load(listKey, null);
    if (!list || answer.status !== "ok") { return; }
    list.registrations.forEach(function (entry) {
      if (entry.code === compact(answer.code)) {
        entry.checked_in_at = answer.scanned_at;
        entry.checked_in_by = config.me;
      }
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
        // The undone ticket, if still held to the camera, is read again; another one held there is not.
        if (heldCode === compact(code)) { heldCode = ""; }
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
      showSaved();
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
    if (!isOffline && !waiting) {
      if (offlineBadge.textContent !== texts.saved) { offlineBadge.hidden = true; }
      return;
    }
    offlineBadge.hidden = false;
    offlineBadge.textContent = texts.offline + (waiting ? " (" + waiting + ")" : "");
  }
  function showSaved() {
    // Shown only when something has just reached the server.
    if (load(queueKey, []).length) { return; }
    offlineBadge.textContent = texts.saved;
    offlineBadge.hidden = false;
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
    if (found && found.data) { seenByCamera(found.data); }
  }

  /* --- Finding a name, on the phone ---------------------------------------------------- */

  // The same rule as registrations.door.door_search: every typed word in the name, accents and
  // case ignored, or the phone ending in all the typed digits (3 or more), or the ticket code
  // starting with what was typed (4 or more of its letters). Done on the phone, it works
  // offline and keeps the camera on.
  function plain(text) {
    return (text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function matches(entry, words, digits, codeStart) {
    var name = plain(entry.name);
    var byName = words.length && words.every(function (word) { return name.indexOf(word) !== -1; });
    var phone = entry.phone_digits || "";
    var byPhone = digits.length >= 3 && phone.length >= digits.length &&
      phone.slice(phone.length - digits.length) === digits;
    var byCode = codeStart && entry.code.indexOf(codeStart) === 0;
    return Boolean(byName || byPhone || byCode);
  }
  function stateOf(entry) {
    if (entry.status === "cancelled") { return ["cancelled", texts.state_cancelled]; }
    if (entry.status === "waitlisted") { return ["waiting", texts.state_waiting]; }
    if (entry.checked_in_at) { return ["inside", texts.state_inside.replace("{time}", pragueTime(entry.checked_in_at))]; }
    return ["registered", texts.state_registered];
  }
  var lastQuery = "";
  function findNames(query) {
    var list = load(listKey, null);
    var results = document.getElementById("door-results");
    if (!list || !results) { return false; }
    lastQuery = query;
    var words = plain(query).split(" ").filter(Boolean);
    var digits = query.replace(/\D/g, "");
    var typedCode = compact(query);
    var isCode = typedCode.length >= 4 && new RegExp("^[" + config.code_alphabet + "]+$").test(typedCode);
    var codeStart = isCode ? typedCode : "";
    results.innerHTML = "";
    if (plain(query).length < 2) { return true; }
    var found = list.registrations.filter(function (entry) {
      return matches(entry, words, digits, codeStart);
    }).slice(0, 30);
    if (!found.length) {
      var none = document.createElement("p");
      none.className = "notice";
      none.textContent = texts.nobody;
      results.appendChild(none);
      return true;
    }
    var ul = document.createElement("ul");
    ul.className = "door-found";
    ul.id = "door-found";
    found.forEach(function (entry) {
      var state = stateOf(entry);
      var li = document.createElement("li");
      li.className = "door-found-" + state[0];
      var text = document.createElement("span");
      var strong = document.createElement("strong");
      strong.textContent = entry.name;
      var label = document.createElement("span");
      label.className = "door-state";
      label.textContent = state[1];
      text.appendChild(strong);
      text.appendChild(document.createTextNode(" · " + entry.seats + " · "));
      text.appendChild(label);
      li.appendChild(text);
      if (state[0] === "registered") {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = texts.admit;
        button.setAttribute("aria-label", texts.admit_name.replace("{name}", entry.name));
        button.addEventListener("click", function () { checkIn(entry.code, function () { findNames(lastQuery); }); });
        li.appendChild(button);
      }
      ul.appendChild(li);
    });
    results.appendChild(ul);
    return true;
  }
  var searchForm = document.getElementById("door-search");
  if (searchForm) {
    searchForm.addEventListener("submit", function (event) {
      if (findNames(document.getElementById("door-q").value)) { event.preventDefault(); }
    });
  }

  typeForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var input = document.getElementById("door-code");
    checkIn(input.value);
    input.value = "";
  });
  window.addEventListener("online", sync);
  setInterval(sync, 15000);
  setInterval(refreshList, 60000);
  if (!navigator.onLine) { setOffline(true); }
  // The camera starts once today's list is on the phone, so the first ticket can be judged offline too.
  refreshList().then(function () { startCamera(); return sync(); });
})();
