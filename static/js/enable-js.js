// Lets GOV.UK Frontend styles know JavaScript is available (kept out of inline script for CSP).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
