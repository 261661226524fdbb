/* Every choice of ipywidgets ToggleButtons is a radio group, for the keyboard and for a
   screen reader (issue 11): the group has role "radiogroup" and a name, each option role
   "radio" with aria-checked, and the group is one tab stop (a roving tabindex: the chosen
   option, or the first when none is chosen). Arrow Right/Down choose the next option, Left/Up
   the one before (both wrapping), Home and End the first and the last; Space and Enter choose
   too (a button does that itself). Arrows move the focus AND choose, as native radios do: the
   option is clicked, so the page saves the answer as it saves a click.

   A single ToggleButton (a chip) is no group and stays a button.

   The widgets come and go (a page draws its questions after its cell, and again in another
   language), so a MutationObserver looks at what changes: only the nodes added (a group, or
   a group's new buttons) and the class of a group's buttons (ipywidgets marks the chosen one
   "mod-active"); a group's name follows the texts next to it.

   This file is included into the page by index.html.j2 (no request, no other site), and
   read by Jinja first: it must not hold Jinja's opening braces (a curly brace followed by
   another, by a percent sign or by a hash sign). */
(function () {
  'use strict';
  if (window.btkRadioGroups) { return; }
  var GROUP = 'widget-toggle-buttons';
  var BUTTON = 'widget-toggle-button';
  var LONG = 160;  /* characters: a longer text next to a group is no name but an explanation */
  /* names of groups with no text near them, in the page's language */
  var NAMES = {
    header: {nl: 'Taal / Language', en: 'Taal / Language'},
    picture: {nl: 'Toon het plaatje van', en: 'Show the picture of'},
    views: {nl: 'Welk plaatje', en: 'Which picture'},
    other: {nl: 'Keuze', en: 'Choice'}
  };
  var NAMING = ['btk-card', 'btk-header', 'btk-picture', 'btk-views'];  /* see nameOf */
  var lastFocus = null;  /* the option that had the focus: given back if its group is rebuilt */

  function set(el, name, value) {
    if (el.getAttribute(name) !== value) { el.setAttribute(name, value); }
  }

  function isGroup(el) {
    return el.nodeType === 1 && el.classList.contains(GROUP);
  }

  function buttonsOf(group) {
    var out = [];
    var all = group.getElementsByClassName(BUTTON);
    for (var i = 0; i < all.length; i++) {
      if (all[i].tagName === 'BUTTON') { out.push(all[i]); }
    }
    return out;
  }

  function groupOf(el) {
    return el && el.closest ? el.closest('.' + GROUP) : null;
  }

  function text(el) {
    return el ? (el.textContent || '').replace(/\s+/g, ' ').trim() : '';
  }

  function last(list) {
    return list.length ? list[list.length - 1] : null;
  }

  function language() {
    var on = document.querySelector('.btk-header .' + GROUP + ' .mod-active');
    var lang = text(on).toLowerCase();
    return NAMES.other[lang] ? lang : 'nl';
  }

  /* The group's name: its own description, or its tooltip, or the texts just before it
     (the card's heading, the statement or quality in bold, the aspect asked), or a word. */
  function nameOf(group) {
    var label = group.querySelector(':scope > label.widget-label');
    if (label) {
      if (text(label) && getComputedStyle(label).display !== 'none') {
        return {label: text(label)};
      }
      var tip = (label.getAttribute('title') || '').trim();
      if (tip && tip !== 'null') { return {label: tip}; }
    }
    if (group.closest('.btk-header')) {  /* beside the page's title: the language */
      return {label: NAMES.header[language()], fallback: true};
    }
    var parts = [];
    var card = group.closest('.btk-card');
    if (card) {
      var heads = card.querySelectorAll('h2, h3');
      var heading = null;
      for (var h = 0; h < heads.length; h++) {
        if (heads[h].compareDocumentPosition(group) & Node.DOCUMENT_POSITION_FOLLOWING) {
          heading = heads[h];
        }
      }
      if (text(heading)) { parts.push(text(heading)); }
    }
    var bold = null, aspect = null, plain = null;
    for (var el = group.previousElementSibling; el; el = el.previousElementSibling) {
      if (!el.classList.contains('widget-html')) { continue; }  /* another control */
      var content = el.querySelector('.widget-html-content') || el;
      aspect = aspect || last(content.querySelectorAll('.btk-aspect'));
      bold = bold || last(content.querySelectorAll('b, strong'));
      if (!plain && text(content)) { plain = content; }
    }
    if (bold) { parts.push(text(bold)); }
    if (aspect) { parts.push(text(aspect)); }
    if (!bold && !aspect && plain && text(plain).length <= LONG
        && parts.indexOf(text(plain)) === -1) {
      parts.push(text(plain));
    }
    parts = parts.filter(function (p, i) { return p && parts.indexOf(p) === i; });
    if (parts.length) {
      var name = parts.reduce(function (all, p) {
        return all + (/[.?!:]$/.test(all) ? ' ' : ': ') + p;
      });
      return {label: name.slice(0, 300)};
    }
    var kind = group.closest('.btk-picture') ? 'picture'
      : group.classList.contains('btk-views') ? 'views' : 'other';
    return {label: NAMES[kind][language()], fallback: true};
  }

  function rename(group) {
    var name = nameOf(group);
    set(group, 'aria-label', name.label);
    if (name.fallback) { set(group, 'data-btk-name', 'word'); }
    else if (group.hasAttribute('data-btk-name')) { group.removeAttribute('data-btk-name'); }
  }

  /* Roles, aria-checked and the one tab stop of a group, as its buttons show it now. */
  function sync(group) {
    if (!group.isConnected) { return; }
    var buttons = buttonsOf(group);
    if (!buttons.length) { return; }
    set(group, 'role', 'radiogroup');
    var checked = null, focused = null;
    for (var i = 0; i < buttons.length; i++) {
      var on = buttons[i].classList.contains('mod-active');
      set(buttons[i], 'role', 'radio');
      set(buttons[i], 'aria-checked', on ? 'true' : 'false');
      if (on && !checked) { checked = buttons[i]; }
      if (buttons[i] === document.activeElement) { focused = buttons[i]; }
    }
    var lost = document.activeElement === null || document.activeElement === document.body;
    if (!focused && lost && lastFocus && lastFocus.group === group
        && !lastFocus.button.isConnected) {  /* rebuilt under the focus: give it back */
      focused = buttons[Math.min(lastFocus.index, buttons.length - 1)];
      focused.focus();
    }
    var stop = focused || checked || buttons.filter(usable)[0] || buttons[0];
    for (var j = 0; j < buttons.length; j++) {
      set(buttons[j], 'tabindex', buttons[j] === stop ? '0' : '-1');
    }
    if (!group.hasAttribute('aria-label')) { rename(group); }
  }

  function usable(button) {
    return !button.disabled && button.getClientRects().length > 0;
  }

  /* the groups in or under node */
  function groupsIn(node, into) {
    if (node.nodeType !== 1) { return; }
    if (isGroup(node)) { into.add(node); return; }
    var inner = groupOf(node);
    if (inner) { into.add(inner); return; }
    var found = node.getElementsByClassName(GROUP);
    for (var i = 0; i < found.length; i++) { into.add(found[i]); }
  }

  /* the groups whose name may come from the HTML widget that holds node */
  function namedBy(node, into) {
    var widget = node.closest && node.closest('.widget-html');
    if (!widget || !widget.parentElement) { return; }
    for (var el = widget.nextElementSibling; el; el = el.nextElementSibling) {
      if (isGroup(el)) { into.add(el); }
    }
    var card = widget.closest('.btk-card');
    if (card && widget.querySelector('h2, h3')) {
      var found = card.getElementsByClassName(GROUP);
      for (var i = 0; i < found.length; i++) { into.add(found[i]); }
    }
  }

  /* whether a class that names groups came or went (ipywidgets may add a widget's own
     classes after the widget is in the page) */
  function namingClass(record) {
    var before = ' ' + (record.oldValue || '') + ' ';
    var target = record.target;
    for (var i = 0; i < NAMING.length; i++) {
      if (target.classList.contains(NAMING[i]) !== (before.indexOf(' ' + NAMING[i] + ' ') !== -1)) {
        return true;
      }
    }
    return false;
  }

  function changed(records) {
    var groups = new Set(), names = new Set(), words = false;
    for (var r = 0; r < records.length; r++) {
      var record = records[r], target = record.target;
      if (record.type === 'attributes') {
        if (record.attributeName === 'class' && namingClass(record)) {
          groupsIn(target, names);  /* a card, the header or the picture: names may change */
          continue;
        }
        var group = groupOf(target);
        if (!group) { continue; }
        if (record.attributeName === 'class' && target.classList.contains(BUTTON)) {
          groups.add(group);
          if (group.closest('.btk-header')) { words = true; }  /* the language changed */
        } else if (record.attributeName === 'title' && target.parentElement === group) {
          names.add(group);
        }
        continue;
      }
      var added = record.addedNodes;
      for (var a = 0; a < added.length; a++) {
        groupsIn(added[a], groups);
        groupsIn(added[a], names);  /* new, or moved: the texts around it may be new too */
        if (added[a].nodeType === 1 && added[a].classList.contains('widget-html')) {
          namedBy(added[a], names);
        }
      }
      if (added.length && target.nodeType === 1 && !groupOf(target)) {
        namedBy(target, names);
      }
    }
    if (words) {
      var worded = document.querySelectorAll('.' + GROUP + '[data-btk-name]');
      for (var w = 0; w < worded.length; w++) { names.add(worded[w]); }
    }
    groups.forEach(sync);
    names.forEach(function (group) {
      if (group.isConnected && group.getAttribute('role') === 'radiogroup') { rename(group); }
    });
  }

  function onKey(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey
        || event.shiftKey) { return; }
    var button = event.target;
    if (!button || button.getAttribute === undefined || button.getAttribute('role') !== 'radio') {
      return;
    }
    var group = groupOf(button);
    if (!group || group.getAttribute('role') !== 'radiogroup') { return; }
    var buttons = buttonsOf(group).filter(usable);
    if (!buttons.length) { return; }
    var at = buttons.indexOf(button), next;
    switch (event.key) {
      case 'ArrowRight': case 'ArrowDown':
        next = buttons[(at + 1) % buttons.length]; break;
      case 'ArrowLeft': case 'ArrowUp':
        next = buttons[at <= 0 ? buttons.length - 1 : at - 1]; break;
      case 'Home': next = buttons[0]; break;
      case 'End': next = buttons[buttons.length - 1]; break;
      default: return;
    }
    event.preventDefault();  /* and no scrolling */
    var all = buttonsOf(group);
    for (var i = 0; i < all.length; i++) { set(all[i], 'tabindex', all[i] === next ? '0' : '-1'); }
    next.focus();
    if (!next.classList.contains('mod-active')) { next.click(); }  /* saved as a click is */
  }

  function onFocusIn(event) {
    var group = groupOf(event.target);
    if (!group || group.getAttribute('role') !== 'radiogroup') { return; }
    var buttons = buttonsOf(group);
    lastFocus = {group: group, button: event.target, index: buttons.indexOf(event.target)};
    for (var i = 0; i < buttons.length; i++) {
      set(buttons[i], 'tabindex', buttons[i] === event.target ? '0' : '-1');
    }
  }

  function onFocusOut(event) {
    var group = groupOf(event.target);
    if (!group || group.getAttribute('role') !== 'radiogroup') { return; }
    if (event.relatedTarget && group.contains(event.relatedTarget)) { return; }
    if (event.relatedTarget) { lastFocus = null; }  /* gone elsewhere, not lost */
    var buttons = buttonsOf(group), checked = null;
    for (var i = 0; i < buttons.length; i++) {
      if (!checked && buttons[i].classList.contains('mod-active')) { checked = buttons[i]; }
    }
    var stop = checked || buttons.filter(usable)[0] || buttons[0];
    for (var j = 0; j < buttons.length; j++) {
      set(buttons[j], 'tabindex', buttons[j] === stop ? '0' : '-1');
    }
  }

  function start() {
    var groups = document.getElementsByClassName(GROUP);
    for (var i = 0; i < groups.length; i++) { sync(groups[i]); rename(groups[i]); }
  }

  var observer = new MutationObserver(changed);
  observer.observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeOldValue: true,
    attributeFilter: ['class', 'title']
  });
  document.addEventListener('keydown', onKey, true);
  document.addEventListener('focusin', onFocusIn, true);
  document.addEventListener('focusout', onFocusOut, true);
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
  window.btkRadioGroups = {sync: sync, name: nameOf};
})();
