/* polysnip: deep links to a language tab (?lang=go) and the age of a verification.
 *
 * ?lang=<key> selects, in every tab group of the page, the tab holding that language's
 * badge (data-ps-lang), or a tab whose label reads the same; Material's linked tabs then
 * remember the choice for the next pages and reloads. The parameter is removed from the
 * address afterwards, so that a later choice is not overridden by a reload.
 *
 * Badges and the verification page show how long ago the examples were verified: the
 * date is read from the spec's verification page (<time data-ps-verified>), so that the
 * example pages themselves carry no date.
 */
(function () {
  "use strict";

  function norm(value) {
    return String(value || "").toLowerCase().replace(/[^a-z0-9#+]/g, "");
  }

  function labelFor(set, block) {
    var index = Array.prototype.indexOf.call(set.querySelectorAll(":scope > .tabbed-content > .tabbed-block"), block);
    var inputs = set.querySelectorAll(":scope > input");
    return index >= 0 && index < inputs.length ? inputs[index] : null;
  }

  function selectLanguage(root) {
    var params = new URLSearchParams(window.location.search);
    var wanted = params.get("lang");
    if (!wanted) return;
    var key = norm(wanted);
    var found = [];
    root.querySelectorAll(".tabbed-set").forEach(function (set) {
      var input = null;
      set.querySelectorAll(":scope > .tabbed-content > .tabbed-block").forEach(function (block) {
        if (input) return;
        var marker = block.querySelector("[data-ps-lang]");
        if (marker && norm(marker.getAttribute("data-ps-lang")) === key) input = labelFor(set, block);
      });
      if (!input) {
        set.querySelectorAll(":scope > .tabbed-labels > label").forEach(function (label) {
          if (!input && norm(label.textContent) === key) input = set.querySelector("#" + CSS.escape(label.htmlFor));
        });
      }
      if (input) found.push(input);
    });
    if (!found.length) return;
    var first = found[0];
    if (first.checked) {
      /* a click on a checked tab changes nothing, and Material would not store the choice */
      var other = first.parentNode.querySelector(":scope > input:not(:checked)");
      if (other) other.checked = true;
    }
    var label = root.querySelector("label[for='" + CSS.escape(first.id) + "']");
    if (label) label.click(); /* Material's linked tabs switch every group and remember it */
    found.forEach(function (input) { input.checked = true; });
    params.delete("lang");
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", address);
  }

  function daysAgo(iso) {
    var then = Date.parse(iso + (iso.length === 10 ? "T00:00:00Z" : ""));
    if (isNaN(then)) return "";
    var days = Math.floor((Date.now() - then) / 86400000);
    if (days < 0) days = 0;
    var words = days === 0 ? "today" : days === 1 ? "1 day ago" : days + " days ago";
    return " · verified " + words + " (" + iso + ")" + (days > 90 ? " · may be out of date" : "");
  }

  function showAge(root, iso) {
    var text = daysAgo(iso);
    if (!text) return;
    root.querySelectorAll(".ps-age").forEach(function (span) {
      span.textContent = text;
    });
  }

  function verificationAge(root) {
    var own = root.querySelector("time[data-ps-verified]");
    if (own) {
      showAge(root, own.getAttribute("data-ps-verified"));
      return;
    }
    var age = root.querySelector("a .ps-age");
    if (!age || !window.fetch) return;
    var page = age.closest("a").href.split("#")[0];
    window.fetch(page, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (body) {
        var doc = new DOMParser().parseFromString(body, "text/html");
        var time = doc.querySelector("time[data-ps-verified]");
        if (time) showAge(root, time.getAttribute("data-ps-verified"));
      })
      .catch(function () { /* the page keeps its text without an age */ });
  }

  /* Material mounts its tab groups after the page loads, and only a change made after that
   * is remembered: wait (at most two seconds) until the groups are mounted. */
  function whenTabsMounted(run, started) {
    var sets = document.querySelectorAll(".tabbed-set > .tabbed-labels");
    var mounted = document.querySelectorAll(".tabbed-labels--linked").length;
    if (!sets.length || mounted === sets.length || Date.now() - started > 2000) {
      window.setTimeout(run, 0);
    } else {
      window.setTimeout(function () { whenTabsMounted(run, started); }, 25);
    }
  }

  function setup() {
    whenTabsMounted(function () { selectLanguage(document); }, Date.now());
    verificationAge(document);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
