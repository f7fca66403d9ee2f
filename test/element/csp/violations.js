// Loaded first by the strict-CSP page: records every policy violation for the test to read.
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
});
