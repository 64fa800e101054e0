// Progressive enhancements; every page works without them.
(function () {
  "use strict";

  // A directory's filter (partners by country and kind, results by kind, topic, partner and year):
  // each <select> is named after a data attribute of the cards, which may hold several values
  // separated by spaces. The filter starts from the address (?country=PT&kind=cluster, as the
  // partner map links) and keeps it up to date, to share or go back to.
  function setUpFilter(form) {
    var list = document.getElementById(form.dataset.filterFor);
    if (!list) return;
    var names = Array.prototype.map.call(form.querySelectorAll("select"), function (select) { return select.name; });
    var cards = Array.prototype.slice.call(list.querySelectorAll("[data-filtered]"));
    var count = form.querySelector(".cs-filter__count");
    var wordings = JSON.parse(count.dataset.shown);  // "3 partners shown", in the page's language
    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        var match = names.every(function (name) {
          var wanted = form.elements[name].value;
          return !wanted || (card.dataset[name] || "").split(" ").indexOf(wanted) !== -1;
        });
        card.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = wordings[shown];
    }
    function fromAddress() {
      var params = new URLSearchParams(window.location.search);
      names.forEach(function (name) {
        var select = form.elements[name];
        var value = params.get(name) || "";
        var known = Array.prototype.some.call(select.options, function (option) { return option.value === value; });
        select.value = known ? value : "";
      });
    }
    function toAddress() {
      var params = new URLSearchParams(window.location.search);
      names.forEach(function (name) {
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

  // Material (9.8.1) looks for the page in other languages: when the page is ready, it fetches the
  // "sitemap.xml" beside every <link rel="alternate">, meant to be the home pages of the language
  // versions. Here they are the feeds (no sitemap beside them: every page logged a 404) and this
  // very page in each language (hreflang), whose links the language menu already holds
  // (partials/alternate.html). The links stay in the HTML, for feed readers and search engines; they
  // only lose their rel while Material's DOMContentLoaded listener runs (its script came first, so
  // its listener runs before the one added here, which gives the rel back). Material looks once a
  // page, as long as its feature navigation.instant (which swaps pages without loading them) stays off.
  function hideAlternatesFromMaterialLookup() {
    if (document.readyState !== "loading") return;
    var links = Array.prototype.slice.call(document.querySelectorAll("link[rel=alternate]"));
    links.forEach(function (link) { link.removeAttribute("rel"); });
    document.addEventListener("DOMContentLoaded", function () {
      links.forEach(function (link) { link.setAttribute("rel", "alternate"); });
    }, { once: true });
  }

  // The menu and search toggles are checkboxes; Material gave them autocomplete="off" (not valid on a
  // checkbox, removed in partials/base-fixes.html) so that a browser going back to the page does not
  // restore them checked, with the menu or the search open over the page. Chromium restores them
  // after "load", without an event, so they are closed as the page is left instead, before the
  // browser keeps their state: by a click, as Material closes them, so that its script follows.
  function closeToggles() {
    ["drawer", "search"].forEach(function (name) {
      var toggle = document.querySelector("input[data-md-toggle=" + name + "]");
      if (toggle && toggle.checked) toggle.click();
    });
  }

  // The search form's submit button (partials/search.html) does what Enter does in the search box:
  // open the best result, the highest score among the first entry of each page (as Material does).
  function setUpSearchSubmit() {
    var form = document.forms.namedItem("search");
    if (!form) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var best = null;
      var bestScore = -Infinity;
      var results = form.closest("[data-md-component=search]").querySelector("[data-md-component=search-result]");
      Array.prototype.forEach.call(results ? results.querySelectorAll(":first-child [href]") : [], function (link) {
        var score = parseFloat(link.firstElementChild && link.firstElementChild.getAttribute("data-md-score"));
        if (best === null || score > bestScore) { best = link; bestScore = score; }
      });
      if (best) best.click();
      else form.elements.query.focus();
    });
  }

  hideAlternatesFromMaterialLookup();
  window.addEventListener("pagehide", closeToggles);

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-filter-for]"), setUpFilter);
    Array.prototype.forEach.call(document.querySelectorAll(".cs-map__svg"), setUpMap);
    moveEndedEvents();
    setUpEmbeds();
    setUpSearchSubmit();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
