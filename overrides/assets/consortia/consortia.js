// Progressive enhancements; every page works without them.
(function () {
  "use strict";

  // The partner directory: filter cards by country and kind. The filter starts from the address
  // (?country=PT&kind=cluster, as the partner map links) and keeps it up to date, to share or go back to.
  function setUpFilter(form) {
    var list = document.getElementById(form.dataset.filterFor);
    if (!list) return;
    var cards = Array.prototype.slice.call(list.querySelectorAll("[data-country]"));
    var count = form.querySelector(".cs-filter__count");
    function apply() {
      var country = form.elements.country.value;
      var kind = form.elements.kind.value;
      var shown = 0;
      cards.forEach(function (card) {
        var match = (!country || card.dataset.country === country) && (!kind || card.dataset.kind === kind);
        card.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = shown + (shown === 1 ? " partner" : " partners") + " shown";
    }
    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      ["country", "kind"].forEach(function (name) {
        var select = form.elements[name];
        var value = params.get(name) || "";
        var known = Array.prototype.some.call(select.options, function (option) { return option.value === value; });
        select.value = known ? value : "";
      });
    }
    function toAddress() {
      var params = new URLSearchParams(window.location.search);
      ["country", "kind"].forEach(function (name) {
        var value = form.elements[name].value;
        if (value) params.set(name, value); else params.delete(name);
      });
      var query = params.toString();
      window.history.replaceState(window.history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }
    form.addEventListener("change", function () { apply(); toAddress(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    fromAddress();
    apply();
    // Opened from the map (…#partner-filter): the form was hidden when the browser looked for it.
    if (window.location.hash === "#" + form.id) form.scrollIntoView();
  }

  // The partner map: a keyboard user's focus ring, drawn again on top of every country (a neighbour
  // drawn after the focused country would hide half of its outline) as a dark and a light line.
  function setUpMap(svg) {
    var ring = document.createElementNS("http://www.w3.org/2000/svg", "g");
    ring.setAttribute("class", "cs-map__ring");
    ring.setAttribute("aria-hidden", "true");
    svg.appendChild(ring);
    svg.addEventListener("focusin", function (event) {
      ring.textContent = "";
      var link = event.target.closest("a");
      var visible = true;
      try { visible = link && link.matches(":focus-visible"); } catch (error) { /* an older browser: draw it */ }
      if (!link || !visible) return;
      ["outer", "inner"].forEach(function (layer) {
        Array.prototype.forEach.call(link.querySelectorAll(".cs-map__partner"), function (shape) {
          var copy = shape.cloneNode(false);
          copy.setAttribute("class", "cs-map__ring-" + layer);
          ring.appendChild(copy);
        });
      });
    });
    svg.addEventListener("focusout", function () { ring.textContent = ""; });
  }

  // The events list: the build split events on the build day; move the ones that
  // have ended since into "Past events", most recent first.
  function moveEndedEvents() {
    var upcoming = document.querySelector("[data-events=upcoming]");
    var past = document.querySelector("[data-events=past]");
    if (!upcoming || !past) return;
    var now = new Date();
    var today = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" + String(now.getDate()).padStart(2, "0");
    var ended = Array.prototype.slice.call(upcoming.querySelectorAll("[data-last-day]"))
      .filter(function (card) { return card.dataset.lastDay < today; });
    ended.forEach(function (card) { past.insertBefore(card, past.firstChild); });
    var empty = document.querySelector("[data-empty-for=upcoming-events]");
    if (empty) empty.hidden = upcoming.querySelector("[data-last-day]") !== null;
  }

  // Click-to-load embeds: the video or map is requested from its host only after the click.
  function setUpEmbeds() {
    Array.prototype.forEach.call(document.querySelectorAll(".cs-embed__load"), function (button) {
      button.addEventListener("click", function () {
        var figure = button.closest(".cs-embed");
        var frame = document.createElement("iframe");
        frame.src = figure.dataset.embedSrc;
        frame.title = figure.dataset.embedTitle;
        frame.className = "cs-embed__frame";
        frame.setAttribute("allowfullscreen", "");
        figure.replaceWith(frame);
        frame.focus();
      });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-filter-for]"), setUpFilter);
    Array.prototype.forEach.call(document.querySelectorAll(".cs-map__svg"), setUpMap);
    moveEndedEvents();
    setUpEmbeds();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
