/* Read aloud on a tap (the children's page, issue 13): a button with data-btk-speak="TEXT"
   speaks TEXT with the browser's own voices (the Web Speech API: window.speechSynthesis and
   SpeechSynthesisUtterance; nothing is fetched from elsewhere). It must run in the browser, on
   the tap itself: a tablet speaks only for a tap, and the kernel cannot speak.

   data-btk-speak-lang lists the languages asked for, the best first ("nl-BE nl-NL nl"): the
   first voice of one of them is taken, else any voice of the first's language ("nl"). Where
   the browser cannot speak (no speechSynthesis, no voice for the language, or speaking
   fails), the button is no dead end: its box's quiet note (.btk-children-speak-note, a
   role="status" beside the button) says data-btk-speak-none. A tap elsewhere on the page
   (the next statement, a face) stops the reading.

   This file is included into the page by index.html.j2 (no request, no other site), and read
   by Jinja first: it must not hold Jinja's opening braces (a curly brace followed by another,
   by a percent sign or by a hash sign). */
(function () {
  'use strict';
  if (window.btkReadAloud) { return; }
  var WAIT = 1500;  /* ms: how long the voices may take to load, on the first tap */

  function synth() {
    var speech = window.speechSynthesis;
    var ok = speech && typeof speech.speak === 'function'
      && typeof window.SpeechSynthesisUtterance === 'function';
    return ok ? speech : null;
  }

  function voices(speech) {
    try { return speech.getVoices() || []; } catch (e) { return []; }
  }

  function normal(lang) {
    return String(lang || '').replace('_', '-').toLowerCase();
  }

  /* the voice for the first wanted language that has one; else one of the first's language */
  function voiceFor(list, wanted) {
    for (var w = 0; w < wanted.length; w++) {
      for (var v = 0; v < list.length; v++) {
        var lang = normal(list[v].lang);
        if (lang === wanted[w] || (wanted[w].indexOf('-') === -1
            && lang.split('-')[0] === wanted[w])) {
          return list[v];
        }
      }
    }
    return null;
  }

  function note(button, text) {
    var box = button.parentElement;
    var place = box && box.querySelector('.btk-children-speak-note');
    if (place && place.textContent !== text) { place.textContent = text; }
  }

  function cannot(button) {
    note(button, button.getAttribute('data-btk-speak-none') || '');
  }

  function say(button, speech, list) {
    var wanted = normal(button.getAttribute('data-btk-speak-lang')).split(/\s+/)
      .filter(Boolean);
    var voice = voiceFor(list, wanted);
    if (!voice) { cannot(button); return; }
    var utterance = new window.SpeechSynthesisUtterance(button.getAttribute('data-btk-speak'));
    utterance.lang = voice.lang || wanted[0] || '';
    try { utterance.voice = voice; } catch (e) { /* a voice of another kind: the lang says it */ }
    utterance.rate = 0.9;  /* a little slower: children listen along while they read */
    utterance.onerror = function (event) {
      if (event && (event.error === 'interrupted' || event.error === 'canceled')) { return; }
      cannot(button);
    };
    note(button, '');
    try {
      speech.cancel();
      speech.speak(utterance);
    } catch (e) {
      cannot(button);
    }
  }

  function speak(button) {
    var speech = synth();
    if (!speech) { cannot(button); return; }
    var list = voices(speech);
    if (list.length) { say(button, speech, list); return; }
    /* the voices of some browsers come a moment after the first question */
    var done = false;
    function ready() {
      if (done) { return; }
      done = true;
      if (speech.removeEventListener) { speech.removeEventListener('voiceschanged', ready); }
      var later = voices(speech);
      if (later.length) { say(button, speech, later); } else { cannot(button); }
    }
    if (speech.addEventListener) { speech.addEventListener('voiceschanged', ready); }
    setTimeout(ready, WAIT);
  }

  function stop() {
    var speech = synth();
    try { if (speech && (speech.speaking || speech.pending)) { speech.cancel(); } } catch (e) { }
  }

  document.addEventListener('click', function (event) {
    var target = event.target;
    var button = target && target.closest ? target.closest('button[data-btk-speak]') : null;
    if (button) {
      speak(button);
    } else if (target && target.closest && target.closest('.btk-children')) {
      stop();
    }
  }, true);
  var speech = synth();
  if (speech) { voices(speech); }  /* ask early: some browsers load their voices then */
  window.btkReadAloud = {speak: speak, voiceFor: voiceFor};
})();
