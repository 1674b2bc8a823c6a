// symgrad serve: the live preview of how the function box is read (no library, no outside resource).
"use strict";
(function () {
  var box = document.getElementById("f");
  var preview = document.getElementById("preview");
  if (!box || !preview) { return; }
  var vars = document.getElementById("vars");
  var timer = null;
  var asked = 0;

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function showError(answer) {
    clear(preview);
    preview.className = "preview preview-error";
    var line = document.createElement("p");
    line.textContent = answer.error;
    preview.appendChild(line);
    if (answer.input !== null && answer.input !== undefined && answer.position !== null && answer.position !== undefined) {
      var pre = document.createElement("pre");
      pre.className = "caret";
      var at = Math.min(answer.position, answer.input.length);
      pre.appendChild(document.createTextNode(answer.input.slice(0, at)));
      var mark = document.createElement("mark");
      mark.textContent = answer.input.slice(at, at + 1) || " ";
      pre.appendChild(mark);
      pre.appendChild(document.createTextNode(answer.input.slice(at + 1)));
      preview.appendChild(pre);
    }
  }

  function showReading(answer) {
    clear(preview);
    preview.className = "preview preview-ok";
    var line = document.createElement("p");
    line.className = "read-as";
    line.textContent = answer.text;
    preview.appendChild(line);
    var math = document.createElement("div");
    math.className = "read-math";
    math.innerHTML = answer.mathml;  // MathML symgrad wrote from the parsed expression
    preview.appendChild(math);
  }

  function ask() {
    var text = box.value;
    if (!text.trim()) {
      clear(preview);
      preview.className = "preview";
      preview.textContent = preview.getAttribute("data-empty");
      return;
    }
    var number = ++asked;
    var url = box.getAttribute("data-preview") + "&f=" + encodeURIComponent(text) +
      "&vars=" + encodeURIComponent(vars ? vars.value : "");
    fetch(url, {headers: {"Accept": "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (number !== asked) { return; }  // a later keystroke has asked again
        if (answer.ok) { showReading(answer); } else { showError(answer); }
      })
      .catch(function () { /* the server went away: keep what is shown */ });
  }

  function later() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(ask, 200);
  }

  box.addEventListener("input", later);
  if (vars) { vars.addEventListener("input", later); }
  if (box.value.trim()) { ask(); }
})();
