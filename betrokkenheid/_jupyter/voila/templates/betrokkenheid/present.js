/* The dashboard's presentation view (06_dashboard, issue 11): the browser's half of
   betrokkenheid/ui/slides.py. The kernel cannot see keys, so this file turns them into
   clicks on the slide's own buttons, which the kernel does see.

   While a page is presenting (its .btk-page has the class btk-present):
   - Arrow Right, Page Down and Space (what a presenter's clicker sends) click "next"
     (.btk-slide-next); Arrow Left, Page Up and Shift+Space click "back" (.btk-slide-previous);
   - Escape leaves full screen when the page is in it, else stops presenting
     (.btk-present-leave);
   - nothing happens while the focus is in a text field, or with Ctrl, Alt or Meta held.
   A click on the full screen button (.btk-fullscreen) asks the browser for full screen
   (the Fullscreen API allows that only in answer to a click or a key), or leaves it again;
   stopping the presentation leaves it too.

   This file is included into the page by index.html.j2 (no request, no other site), and read
   by Jinja first: it must not hold Jinja's opening braces (a curly brace followed by another,
   by a percent sign or by a hash sign). */
(function () {
  'use strict';
  if (window.btkPresent) { return; }
  var NEXT = ['ArrowRight', 'PageDown'];
  var BACK = ['ArrowLeft', 'PageUp'];

  function presenting() { return document.querySelector('.btk-page.btk-present'); }

  function typing(el) {
    if (!el || !el.closest) { return false; }
    if (el.isContentEditable) { return true; }
    var field = el.closest('input, textarea, select');
    if (!field) { return false; }
    var kind = (field.getAttribute('type') || 'text').toLowerCase();
    return ['button', 'checkbox', 'radio', 'submit', 'reset', 'range'].indexOf(kind) === -1;
  }

  function full() { return document.fullscreenElement || document.webkitFullscreenElement; }

  function leaveFull() {
    if (!full()) { return; }
    var exit = document.exitFullscreen || document.webkitExitFullscreen;
    if (exit) { Promise.resolve(exit.call(document)).catch(function () {}); }
  }

  function toggleFull() {
    if (full()) { leaveFull(); return; }
    var root = document.documentElement;
    var ask = root.requestFullscreen || root.webkitRequestFullscreen;
    if (ask) { Promise.resolve(ask.call(root)).catch(function () {}); }
  }

  function press(page, selector) {
    var button = page.querySelector(selector + ' button') || page.querySelector(selector);
    if (button && !button.disabled) { button.click(); }
  }

  var handled = null;  /* the key whose keydown was ours: its keyup is swallowed too */
  document.addEventListener('keydown', function (event) {
    var page = presenting();
    if (!page || event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey
        || typing(event.target)) { return; }
    var key = event.key, selector = null;
    if (NEXT.indexOf(key) !== -1 || (key === ' ' && !event.shiftKey)) {
      selector = '.btk-slide-next';
    } else if (BACK.indexOf(key) !== -1 || (key === ' ' && event.shiftKey)) {
      selector = '.btk-slide-previous';
    } else if (key === 'Escape') {
      if (full()) { leaveFull(); event.preventDefault(); return; }
      selector = '.btk-present-leave';
    }
    if (!selector) { return; }
    /* ours alone: no scrolling, no radio group choosing, no focused button clicked twice */
    event.preventDefault();
    event.stopPropagation();
    handled = key;
    if (!event.repeat || key !== 'Escape') { press(page, selector); }
  }, true);
  document.addEventListener('keyup', function (event) {
    if (handled !== null && event.key === handled) {
      handled = null;
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  document.addEventListener('click', function (event) {
    var target = event.target && event.target.closest ? event.target : null;
    if (!target) { return; }
    if (target.closest('.btk-fullscreen')) { toggleFull(); }
    else if (target.closest('.btk-present-leave')) { leaveFull(); }
  }, true);

  /* stopped by other means (the kernel, the toggle): out of full screen too */
  var observer = new MutationObserver(function () {
    if (full() && !presenting()) { leaveFull(); }
  });
  observer.observe(document.documentElement, {
    subtree: true, attributes: true, attributeFilter: ['class']
  });
  window.btkPresent = {presenting: presenting};
})();
