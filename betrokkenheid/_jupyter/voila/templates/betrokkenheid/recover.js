/* A page whose widgets could not all be made in the browser stays as it is: "Error displaying
   widget: model not found" in place of the page (seen on a machine under heavy load, a room
   loading at once). Every answer is saved the moment it is given and the page's link holds the
   personal code, so the page opens itself again, at most twice in a row for one address in
   this tab; after that it says so, with a button. A page that stays whole for 15 s forgets
   the count. */
(function () {
  var KEY = 'btk-recover:' + location.pathname + location.search;
  var MAX = 2;
  var store = window.sessionStorage;

  function tries() {
    try { return Number(store.getItem(KEY) || 0); } catch (e) { return MAX; }
  }
  function setTries(n) {
    try {
      if (n) { store.setItem(KEY, String(n)); } else { store.removeItem(KEY); }
    } catch (e) { /* no storage (a private window): no reload, the note below */ }
  }
  function isError(node) {
    return node.nodeType === 1 && node.classList.contains('jupyter-widgets') &&
      node.textContent.indexOf('Error displaying widget') === 0;
  }
  function broken(records) {  /* the error is a text set, then the class added: look there only */
    for (var i = 0; i < records.length; i++) {
      if (isError(records[i].target)) { return true; }
      var added = records[i].addedNodes || [];
      for (var j = 0; j < added.length; j++) { if (isError(added[j])) { return true; } }
    }
    return false;
  }
  function note() {
    var box = document.createElement('div');
    box.className = 'btk-offline-note btk-recover-note';
    box.setAttribute('role', 'alert');
    box.style.display = 'block';
    box.innerHTML = 'Deze pagina kwam niet helemaal door. Wat je al gaf, is bewaard. ' +
      '<span lang="en">This page did not come through whole. What you gave is saved.</span>';
    var again = document.createElement('button');
    again.type = 'button';
    again.textContent = 'Opnieuw laden / Reload';
    again.style.cssText = 'min-height:44px;margin-top:8px;padding:0 16px;font:inherit';
    again.addEventListener('click', function () { setTries(0); location.reload(); });
    box.appendChild(again);
    document.body.appendChild(box);
  }
  var shown = false, failed = false;
  var WHOLE_AFTER = 15000;  /* ms */
  function check(observer, records) {
    if (broken(records)) {
      failed = true;
      observer.disconnect();
      var n = tries();
      if (n < MAX) {
        setTries(n + 1);
        if (window.console) { console.warn('betrokkenheid: widgets missing, reloading the page'); }
        location.reload();
      } else {
        note();
      }
    } else if (!shown && document.querySelector('.btk-page')) {
      shown = true;  /* whole for a while: a later failure may be set right twice again */
      setTimeout(function () { if (!failed) { setTries(0); } }, WHOLE_AFTER);
    }
  }
  function start() {
    var observer = new MutationObserver(function (records) { check(observer, records); });
    observer.observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ['class']
    });
  }
  if (document.body) { start(); } else { document.addEventListener('DOMContentLoaded', start); }
})();
