/* The page's language and direction on the document, and a questionnaire to go on with
   (issue 12).

   1. Language (WCAG 3.1.1): a page puts a marker into itself, an element with
      data-btk-lang (and data-btk-dir, "ltr" or "rtl"): the team pages in their header, the
      parents' page on its own. Whenever the marker changes (the visitor chose another
      language), <html lang dir> follow it, and so does the page's container (.btk-page).
      An element with a class btk-lang-XX (a language named in itself: "Türkçe") gets
      lang="XX", so a screen reader says that name in its own language (WCAG 3.1.2).
   2. Going on later on the same device: the parents' marker also holds the questionnaire's
      code (data-btk-resume) and, from the parent's first answer, their personal code
      (data-btk-personal). That is kept in this browser (localStorage, under the
      questionnaire's code). When the page ?s=CODE is opened again without r=, this script,
      in the page's head before anything is drawn, opens it again with &r=PERSONAL; the page
      goes on with that parent when the code belongs to that questionnaire (otherwise it
      starts afresh and says data-btk-forget: the code is forgotten here too). Once the page
      has read it, r= leaves the address bar again, so a link copied from there holds no
      personal code; a link that brings an r= this browser did not keep is opened without it
      (a parent's code passed on to another phone is not followed).
      The children's page (a class's shared tablet) uses the same way for less: it never
      keeps a child's code, only the word BUSY from a child's first answer until the thanks
      (data-btk-personal="BUSY"; then data-btk-forget="BUSY"). Opened again while a child had
      not finished, the page gets &r=BUSY, starts afresh and says kindly that the answers of
      the child before are kept and hidden.
   3. A chip of the parents' page (a single ToggleButton, .btk-parents-chip) says whether it is
      chosen: aria-pressed follows the button's mod-active class.

   This file is included into the page by index.html.j2 (no request, no other site), and read
   by Jinja first: it must not hold Jinja's opening braces (a curly brace followed by another,
   by a percent sign or by a hash sign). */
(function () {
  'use strict';
  if (window.btkPageLang) { return; }
  var KEY = 'btk-resume:';
  var CODE = /^[A-Z0-9]{4,16}$/;
  var LANG = /^[a-z]{2,3}$/;

  function storage() {
    try { return window.localStorage || null; } catch (e) { return null; }
  }
  function kept(code) {
    var store = storage();
    try { return store ? store.getItem(KEY + code) : null; } catch (e) { return null; }
  }
  function keep(code, personal) {
    var store = storage();
    try {
      if (!store) { return; }
      if (!personal) { store.removeItem(KEY + code); }
      else if (store.getItem(KEY + code) !== personal) { store.setItem(KEY + code, personal); }
    } catch (e) { /* private mode, full: the parent goes on by the link only */ }
  }
  function normal(code) {
    return String(code || '').replace(/[\s-]+/g, '').toUpperCase();
  }
  function withR(value) {
    var query = new URLSearchParams(location.search);
    if (value) { query.set('r', value); } else { query.delete('r'); }
    var text = query.toString();
    return location.pathname + (text ? '?' + text : '') + location.hash;
  }

  /* 2. before the page runs: a questionnaire opened again on this device */
  (function goOn() {
    var query = new URLSearchParams(location.search);
    var code = normal(query.get('s'));
    if (!CODE.test(code)) { return; }
    var mine = kept(code);
    mine = mine && CODE.test(mine) ? mine : null;
    var given = query.has('r') ? normal(query.get('r')) : null;
    if (given === null && mine) {
      location.replace(withR(mine));
    } else if (given !== null && given !== mine) {
      location.replace(withR(mine));  /* not this browser's: without it (or with its own) */
    }
  })();

  var root = document.documentElement;

  function set(el, name, value) {
    if (el.getAttribute(name) !== value) { el.setAttribute(name, value); }
  }

  function apply() {
    var mark = document.querySelector('[data-btk-lang]');
    if (mark) {
      var lang = mark.getAttribute('data-btk-lang');
      var dir = mark.getAttribute('data-btk-dir') === 'rtl' ? 'rtl' : 'ltr';
      if (LANG.test(lang)) { set(root, 'lang', lang); }
      set(root, 'dir', dir);
      var page = mark.closest('.btk-page');
      if (page) { set(page, 'dir', dir); }
      remember(mark);
    }
    var named = document.querySelectorAll('.btk-page [class*="btk-lang-"]');
    for (var i = 0; i < named.length; i++) {
      var found = /(?:^|\s)btk-lang-([a-z]{2,3})(?:\s|$)/.exec(named[i].className);
      if (found) { set(named[i], 'lang', found[1]); }
    }
    var chips = document.querySelectorAll('button.btk-parents-chip');
    for (var c = 0; c < chips.length; c++) {
      set(chips[c], 'aria-pressed', chips[c].classList.contains('mod-active') ? 'true' : 'false');
    }
  }

  function remember(mark) {
    var code = normal(mark.getAttribute('data-btk-resume'));
    if (!CODE.test(code)) { return; }
    var personal = normal(mark.getAttribute('data-btk-personal'));
    var forget = normal(mark.getAttribute('data-btk-forget'));
    if (personal && CODE.test(personal)) {
      keep(code, personal);
    } else if (forget && kept(code) === forget) {
      keep(code, null);
    }
    if (new URLSearchParams(location.search).has('r') && window.history.replaceState) {
      window.history.replaceState(window.history.state, '', withR(null));  /* read: gone */
    }
  }

  /* a page changes all the time (pictures, labels): only new nodes matter, and the class of
     an element that names its language or of a chip (ipywidgets may give a widget its
     classes after it is in the page) */
  var observer = new MutationObserver(function (records) {
    for (var r = 0; r < records.length; r++) {
      var target = records[r].target;
      var classes = typeof target.className === 'string' ? target.className : '';
      if (records[r].type === 'childList' || classes.indexOf('btk-lang-') !== -1
          || classes.indexOf('btk-parents-chip') !== -1) {
        apply();
        return;
      }
    }
  });
  observer.observe(root, {
    childList: true, subtree: true, attributes: true, attributeFilter: ['class']
  });
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', apply);
  } else {
    apply();
  }
  window.btkPageLang = {apply: apply};
})();
