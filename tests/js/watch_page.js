// Installed before any script of the page (Playwright's add_init_script, which a page's
// Content-Security-Policy does not block). Records every CSP violation the browser
// reports, for browser tests to read as window.__cspViolations. The property cannot be
// overwritten or shadowed by an element id (DOM clobbering) from the page.
(function () {
  "use strict";
  var violations = [];
  Object.defineProperty(window, "__cspViolations", { value: violations, writable: false, configurable: false });
  document.addEventListener("securitypolicyviolation", function (event) {
    violations.push({
      directive: event.effectiveDirective || event.violatedDirective,
      blocked: event.blockedURI,
      sample: event.sample,
      source: event.sourceFile,
      line: event.lineNumber
    });
  }, true);
})();
