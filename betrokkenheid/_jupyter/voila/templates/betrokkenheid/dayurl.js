/* The study day on one page (00_dag.ipynb, issue 11): the browser's half of
   betrokkenheid/ui/day_page.py.

   1. The address says the step: the day page puts a marker into itself, an element with
      data-btk-url ("00_dag.ipynb?p=CODE&lang=nl&step=triangle"). Whenever it changes, its
      p, lang and step go into the address bar (history.replaceState: no reload, no new
      history entry; other parameters such as a token stay), so a reload or a tab opened
      again comes back to the same step.
   2. Going to another step in the same kernel: a click on a link to one of the day's steps
      (the notebooks the marker names in data-btk-steps: Back, Next and the list of steps)
      opens no new page. The step's name goes to the kernel through the day page's hidden
      text field (.btk-day-goto), as "N NOTEBOOK", N counting up so that each click is a
      change. A click with a modifier key or another button (a new tab) is left alone: that
      opens the step's own page.
   3. After a switch (data-btk-switch counts them) the focus goes to the new step's title and
      the page scrolls to the top, for keyboard and screen-reader users.
   4. Once a step is drawn with its questions, the script says so ("N !shown STEP"): the
      kernel then builds the next step ahead.

   This file is included into the page by index.html.j2 (no request, no other site), and read
   by Jinja first: it must not hold Jinja's opening braces (a curly brace followed by another,
   by a percent sign or by a hash sign). */
(function () {
  'use strict';
  if (window.btkDay) { return; }
  var NAME = /^[a-z_]{1,40}$/;
  var PARAMS = ['p', 'lang', 'step'];
  var FOCUS_WAIT = 5000;  /* ms: the longest the focus waits for the new step to show */
  var said = 0;  /* counts what was said to the kernel */
  var seenUrl = null, seenSwitch = null, toldShown = null, pending = null;

  function marker() { return document.querySelector('[data-btk-url]'); }

  function tell(text) {
    var field = document.querySelector('.btk-day-goto input');
    if (!field) { return false; }
    said += 1;
    field.value = said + ' ' + text;
    field.dispatchEvent(new Event('input', {bubbles: true}));
    return true;
  }

  /* 1. the address */
  function address(mark) {
    var wanted;
    try { wanted = new URL(mark.getAttribute('data-btk-url'), location.href); } catch (e) { return; }
    if (wanted.origin !== location.origin || !window.history.replaceState) { return; }
    var query = new URLSearchParams(location.search);
    PARAMS.forEach(function (key) {
      var value = wanted.searchParams.get(key);
      if (value === null) { query.delete(key); } else { query.set(key, value); }
    });
    var next = location.pathname + '?' + query.toString() + location.hash;
    if (next !== location.pathname + location.search + location.hash) {
      window.history.replaceState(window.history.state, '', next);
    }
  }

  function stepPage(step) {
    return NAME.test(step || '') ? document.querySelector('.btk-day-step-' + step) : null;
  }

  function visible(el) { return !!el && el.getClientRects().length > 0; }

  /* 3. the focus on the new step's title, once it shows (bounded) */
  function settle() {
    if (!pending) { return; }
    var page = stepPage(pending.step);
    var title = page && page.querySelector('.btk-title h1');
    if (visible(title)) {
      title.setAttribute('tabindex', '-1');
      title.focus({preventScroll: true});
      window.scrollTo(0, 0);
      for (var el = page.parentElement; el; el = el.parentElement) {
        if (el.scrollTop) { el.scrollTop = 0; }
      }
      pending = null;
      return;
    }
    if (performance.now() > pending.until) { pending = null; return; }
    window.requestAnimationFrame(settle);
  }

  function check() {
    var mark = marker();
    if (!mark) { return; }
    var url = mark.getAttribute('data-btk-url');
    if (url !== seenUrl) { seenUrl = url; address(mark); }
    var step = mark.getAttribute('data-btk-step');
    var turn = mark.getAttribute('data-btk-switch');
    if (turn !== seenSwitch) {
      if (seenSwitch !== null) {
        pending = {step: step, until: performance.now() + FOCUS_WAIT};
        window.requestAnimationFrame(settle);
      }
      seenSwitch = turn;
    }
    /* 4. drawn with its questions: the kernel may build the next step */
    var page = stepPage(step);
    var key = step + ' ' + turn;
    if (toldShown !== key && visible(page) && page.querySelector('.btk-answers')) {
      if (tell('!shown ' + step)) { toldShown = key; }
    }
  }

  /* 2. a click on a link to one of the day's steps */
  document.addEventListener('click', function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey
        || event.shiftKey || event.altKey) { return; }
    var link = event.target && event.target.closest ? event.target.closest('a[href]') : null;
    var mark = marker();
    if (!link || !mark || !link.closest('.btk-day')) { return; }
    var target;
    try { target = new URL(link.getAttribute('href'), location.href); } catch (e) { return; }
    var notebook = target.pathname.split('/').pop();
    var steps = (mark.getAttribute('data-btk-steps') || '').split(' ');
    if (target.origin !== location.origin || steps.indexOf(notebook) === -1) { return; }
    if (tell(notebook)) { event.preventDefault(); }
  }, true);

  /* what changes is looked at once a frame: reading sizes on every change would slow the
     drawing of a page's hundreds of widgets */
  var queued = false;
  function soon() {
    if (queued) { return; }
    queued = true;
    window.requestAnimationFrame(function () { queued = false; check(); });
  }
  var observer = new MutationObserver(soon);
  observer.observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ['class']
  });
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', check);
  } else {
    check();
  }
  window.btkDay = {check: check};
})();
