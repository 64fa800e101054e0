// Progressive enhancements; every page works without them.
(function () {
  "use strict";

  // The partner directory: filter cards by country and kind.
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
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
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

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-filter-for]"), setUpFilter);
    moveEndedEvents();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
