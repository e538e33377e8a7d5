'use strict';
// The auditors' page: plain DOM, no framework, nothing loaded from elsewhere. Every value that
// comes from the API is written with textContent, never parsed as HTML. The token lives only in
// this tab's sessionStorage and travels in the Authorization header, never in a URL.
(() => {
  const TOKEN_KEY = 'orderdesk.audit.token';
  const PAGE_SIZE = 50;
  const $ = (id) => document.getElementById(id);

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  // --- talking to the API ---

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function call(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [name, value] of Object.entries(params || {})) {
      if (value !== undefined && value !== null && value !== '') {
        url.searchParams.set(name, value);
      }
    }
    let response;
    try {
      response = await fetch(url, {
        headers: {Authorization: 'Bearer ' + token(), Accept: 'application/json'},
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (e) {
      throw new ApiError(0, 'Cannot reach the server: check the connection and try again.');
    }
    if (!response.ok) {
      throw await failure(response);
    }
    return response;
  }

  async function getJson(path, params) {
    const response = await call(path, params);
    try {
      return await response.json();
    } catch (e) {
      throw new ApiError(response.status, 'The server sent an answer this page cannot read.');
    }
  }

  async function failure(response) {
    let detail = '';
    try {
      const body = await response.json();
      if (body && typeof body.message === 'string') {
        detail = body.message;
      }
    } catch (e) {
      // not JSON: the status says enough
    }
    const suffix = detail ? ': ' + detail : '.';
    switch (response.status) {
      case 400:
        return new ApiError(400, 'Request refused (400)' + suffix);
      case 401:
        return new ApiError(401, 'Token refused (401): sign in again with a valid auditor token.');
      case 403:
        return new ApiError(403, 'Not allowed (403)' + (detail ? suffix : ': this token may not read the audit trail.'));
      case 404:
        return new ApiError(404, 'Not found (404)' + suffix);
      default:
        return new ApiError(response.status, 'Server error (' + response.status + '): try again later.');
    }
  }

  // --- small helpers ---

  function showMessage(text, kind) {
    const message = $('message');
    message.textContent = text;
    message.className = kind || 'error';
    message.hidden = !text;
  }

  function clearMessage() {
    showMessage('', '');
  }

  function setState(section, state) {
    $(section).dataset.state = state;
  }

  // A value as an auditor reads it: strings as they are, absent as a dash, anything else as JSON.
  function show(value) {
    if (value === undefined || value === null) {
      return '—';
    }
    if (typeof value === 'string') {
      return value === '' ? '""' : value;
    }
    if (typeof value === 'number' || typeof value === 'boolean') {
      return String(value);
    }
    return JSON.stringify(value);
  }

  // Instants as the API sends them (UTC), shortened to milliseconds for reading; the full value is
  // in the element's title.
  function instant(value) {
    if (typeof value !== 'string') {
      return show(value);
    }
    const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?\d*Z$/.exec(value);
    return match ? match[1] + ' ' + match[2] + (match[3] || '') + ' UTC' : value;
  }

  function timeCell(row, value, testId) {
    const td = cell(row, instant(value), testId);
    td.title = show(value);
    return td;
  }

  function pretty(value) {
    return value === undefined || value === null ? '—' : JSON.stringify(value, null, 2);
  }

  function duration(from, to) {
    const start = Date.parse(from);
    const end = Date.parse(to);
    if (Number.isNaN(start) || Number.isNaN(end)) {
      return '—';
    }
    const millis = end - start;
    return millis < 1000 ? millis + ' ms' : (millis / 1000).toFixed(3) + ' s';
  }

  function attemptCount(attempts) {
    if (Array.isArray(attempts)) {
      return String(attempts.length);
    }
    return show(attempts);
  }

  function isFailure(outcome) {
    return /reject|fail|conflict|exhaust|error/i.test(String(outcome || ''));
  }

  function badge(element, outcome) {
    element.textContent = show(outcome);
    element.className = 'badge ' + (outcome === undefined || outcome === null ? 'pending' : isFailure(outcome) ? 'bad' : 'ok');
  }

  function cell(row, text, testId) {
    const td = document.createElement('td');
    td.textContent = text;
    if (testId) {
      td.dataset.testid = testId;
    }
    row.appendChild(td);
    return td;
  }

  function linkButton(text, testId, onClick) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link';
    button.textContent = text;
    button.dataset.testid = testId;
    button.addEventListener('click', onClick);
    return button;
  }

  // datetime-local values are the auditor's local time; the API takes ISO instants.
  function isoInstant(localValue) {
    if (!localValue) {
      return '';
    }
    const date = new Date(localValue);
    return Number.isNaN(date.getTime()) ? '' : date.toISOString();
  }

  // One request per section at a time: an answer that a newer request of the section (or a sign
  // out) overtook is dropped, so the page never shows a stale or another token's answer.
  const runs = {search: 0, timeline: 0, verify: 0, mutation: 0};

  async function load(section, request, render, clear) {
    const run = ++runs[section];
    setState(section, 'loading');
    try {
      const answer = await request();
      if (run === runs[section]) {
        render(answer);
        setState(section, 'ready');
      }
    } catch (error) {
      if (run === runs[section]) {
        clear();
        handle(error, section);
      }
    }
  }

  function handle(error, section) {
    if (section) {
      setState(section, 'error');
    }
    if (error instanceof ApiError && error.status === 401) {
      signOut();
    }
    showMessage(error instanceof ApiError ? error.message : 'Unexpected error: ' + error.message, 'error');
  }

  // --- sign in and out ---

  function showSignedIn() {
    $('login').hidden = true;
    $('app').hidden = false;
    $('session').hidden = false;
  }

  function signIn(event) {
    event.preventDefault();
    const value = $('token').value.trim();
    $('token').value = '';
    if (!value) {
      showMessage('Enter an auditor token.', 'error');
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, value);
    clearMessage();
    showSignedIn();
    refreshVerify();
    search(0);
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    for (const section of Object.keys(runs)) {
      runs[section]++;
      setState(section, 'idle');
    }
    $('search-rows').replaceChildren();
    $('search-count').textContent = '';
    $('search-next').hidden = true;
    $('timeline-events').replaceChildren();
    $('timeline-title').textContent = '';
    $('verify-status').textContent = 'not checked';
    $('verify-status').className = 'badge';
    $('verify-summary').textContent = '';
    $('verify-details').hidden = true;
    $('mutation').hidden = true;
    $('mutation-record').textContent = '';
    $('app').hidden = true;
    $('session').hidden = true;
    $('login').hidden = false;
    $('token').focus();
  }

  // --- verify ---

  function refreshVerify() {
    $('verify-status').textContent = 'checking…';
    $('verify-status').className = 'badge pending';
    return load('verify', () => getJson('/audit/api/verify'), renderVerify, () => {
      $('verify-status').textContent = 'unknown';
      $('verify-status').className = 'badge';
    });
  }

  function renderVerify(report) {
    const breaks = report.chain_breaks || [];
    const missing = report.missing_terminal || [];
    const duplicates = report.duplicate_terminal || [];
    const ok = report.ok === true;
    $('verify-status').textContent = ok ? 'OK' : 'PROBLEMS FOUND';
    $('verify-status').className = 'badge ' + (ok ? 'ok' : 'bad');
    // The lists may be cut short; the totals say how many there are.
    const missingTotal = report.missing_terminal_total ?? missing.length;
    const duplicateTotal = report.duplicate_terminal_total ?? duplicates.length;
    $('verify-summary').textContent = show(report.events_checked) + ' events in ' + show(report.streams_checked)
        + ' streams checked at ' + instant(report.checked_at) + '; ' + show(report.in_flight) + ' in flight; '
        + breaks.length + ' chain breaks, ' + missingTotal + ' missing and ' + duplicateTotal
        + ' duplicate terminal events.';

    const rows = breaks.map((problem) => {
      const row = document.createElement('tr');
      row.dataset.testid = 'verify-chain-break';
      cell(row, show(problem.stream));
      cell(row, show(problem.sequence));
      cell(row, show(problem.problem));
      cell(row, show(problem.mutation_id));
      return row;
    });
    $('verify-chain-breaks').replaceChildren(...rows);
    $('verify-missing').replaceChildren(...missing.map((id) => listItem(id, 'verify-missing-id')));
    $('verify-duplicates').replaceChildren(...duplicates.map((id) => listItem(id, 'verify-duplicate-id')));
    $('verify-details').hidden = breaks.length + missing.length + duplicates.length === 0;
  }

  function listItem(text, testId) {
    const item = document.createElement('li');
    item.textContent = show(text);
    item.dataset.testid = testId;
    return item;
  }

  // --- search ---

  let nextOffset = null;
  let lastFilters = {};

  function filters() {
    return {
      from: isoInstant($('search-from').value),
      to: isoInstant($('search-to').value),
      store: $('search-store').value.trim(),
      order: $('search-order').value.trim(),
      kind: $('search-kind').value,
      outcome: $('search-outcome').value.trim(),
    };
  }

  function search(offset) {
    if (offset === 0) {
      lastFilters = filters();
    }
    clearMessage();
    return load('search', () => getJson('/audit/api/search', {...lastFilters, limit: PAGE_SIZE, offset: offset}),
        (page) => {
          renderResults(page.items || [], offset);
          nextOffset = page.next_offset === undefined ? null : page.next_offset;
          $('search-next').hidden = nextOffset === null;
        }, () => {
          $('search-rows').replaceChildren();
          $('search-count').textContent = '';
          $('search-next').hidden = true;
        });
  }

  function renderResults(items, offset) {
    $('search-count').textContent = items.length === 0
        ? (offset === 0 ? 'No mutations found.' : 'No more mutations.')
        : 'Mutations ' + (offset + 1) + '–' + (offset + items.length) + '.';
    $('search-rows').replaceChildren(...items.map((item) => {
      const row = document.createElement('tr');
      row.dataset.testid = 'search-row';
      row.dataset.mutationId = show(item.mutation_id);
      timeCell(row, item.accepted_at, 'result-accepted-at');
      timeCell(row, item.completed_at, 'result-completed-at');
      cell(row, show(item.store_id), 'result-store');
      cell(row, '', 'result-order-cell').appendChild(linkButton(show(item.order_id), 'result-order',
          () => openTimeline(item.store_id, item.order_id)));
      cell(row, show(item.kind), 'result-kind');
      const outcome = document.createElement('span');
      outcome.dataset.testid = 'result-outcome';
      badge(outcome, item.outcome);
      cell(row, '').appendChild(outcome);
      cell(row, show(item.requested_by), 'result-requested-by');
      cell(row, attemptCount(item.attempts), 'result-attempts');
      cell(row, '', 'result-mutation-cell').appendChild(linkButton(show(item.mutation_id), 'result-mutation',
          () => showMutation(item.mutation_id)));
      return row;
    }));
  }

  // --- one mutation ---

  function showMutation(mutationId) {
    $('mutation').hidden = false;
    $('mutation-id').textContent = show(mutationId);
    $('mutation-record').textContent = 'loading…';
    return load('mutation', () => getJson('/audit/api/mutations/' + encodeURIComponent(mutationId)),
        (record) => {
          $('mutation-record').textContent = pretty(record);
        }, () => {
          $('mutation-record').textContent = '';
        });
  }

  // --- an order's timeline ---

  async function openTimeline(store, order) {
    $('timeline-store').value = store === undefined || store === null ? '' : String(store);
    $('timeline-order').value = order === undefined || order === null ? '' : String(order);
    await loadTimeline();
    $('timeline').scrollIntoView({block: 'start'});
  }

  async function loadTimeline() {
    const store = $('timeline-store').value.trim();
    const order = $('timeline-order').value.trim();
    if (!order) {
      showMessage('Enter an order id to see its timeline.', 'error');
      return;
    }
    clearMessage();
    await load('timeline', () => getJson('/audit/api/orders/' + encodeURIComponent(order) + '/history', {store: store}),
        renderTimeline, () => {
          $('timeline-events').replaceChildren();
          $('timeline-title').textContent = '';
        });
  }

  function renderTimeline(history) {
    const events = history.events || [];
    $('timeline-title').textContent = 'Store ' + show(history.store_id) + ', order ' + show(history.order_id) + ': '
        + (events.length === 0 ? 'no mutations.' : events.length + (events.length === 1 ? ' mutation.' : ' mutations.'));
    $('timeline-events').replaceChildren(...events.map(renderEvent));
  }

  function renderEvent(event) {
    const item = $('event-template').content.firstElementChild.cloneNode(true);
    const part = (testId) => item.querySelector('[data-testid="' + testId + '"]');
    item.dataset.mutationId = show(event.mutation_id);
    badge(part('event-outcome'), event.outcome);
    part('event-kind').textContent = show(event.kind);
    part('event-mutation-id').textContent = show(event.mutation_id);
    part('event-requested-by').textContent = show(event.requested_by);
    part('event-accepted-at').textContent = instant(event.accepted_at);
    part('event-accepted-at').title = show(event.accepted_at);
    part('event-completed-at').textContent = instant(event.completed_at);
    part('event-completed-at').title = show(event.completed_at);
    part('event-duration').textContent = duration(event.accepted_at, event.completed_at);
    part('event-attempts').textContent = attemptCount(event.attempts);
    if (event.reason) {
      part('event-reason').textContent = show(event.reason);
      item.querySelectorAll('.reason').forEach((element) => {
        element.hidden = false;
      });
    }

    const diff = event.diff || [];
    const body = part('event-diff').tBodies[0];
    if (diff.length === 0) {
      const row = document.createElement('tr');
      row.className = 'empty';
      // An empty diff is not proof that nothing changed: the trail may hold no earlier state of the
      // order to compare with (its first recorded update), or the change does not return the order.
      const td = cell(row, isFailure(event.outcome) ? 'not applied: nothing changed'
          : 'no field-level diff recorded for this mutation (see “requested” below)', 'diff-empty');
      td.colSpan = 3;
      body.appendChild(row);
    }
    for (const change of diff) {
      const row = document.createElement('tr');
      row.dataset.testid = 'diff-row';
      cell(row, show(change.path), 'diff-path');
      cell(row, show(change.before), 'diff-before').className = 'before';
      cell(row, show(change.after), 'diff-after').className = 'after';
      body.appendChild(row);
    }

    const attempts = Array.isArray(event.attempts) ? event.attempts : [];
    part('event-attempt-list').replaceChildren(...attempts.map((attempt) => {
      const line = attempt && typeof attempt === 'object' && 'step' in attempt
          ? '#' + show(attempt.number) + ' ' + show(attempt.step) + ' → ' + show(attempt.status) + ' '
          + show(attempt.outcome) + ' (' + show(attempt.durationMillis ?? attempt.duration_millis) + ' ms, '
          + show(attempt.startedAt ?? attempt.started_at) + ')'
          : show(attempt);
      return listItem(line, 'event-attempt');
    }));
    part('event-requested').textContent = pretty(event.requested);
    part('event-sent').textContent = pretty(event.sent);
    part('event-result').textContent = pretty(event.result);
    return item;
  }

  // --- export ---

  async function download(format) {
    const range = filters();
    setState('search', 'exporting');
    clearMessage();
    try {
      const response = await call('/audit/api/export', {from: range.from, to: range.to, format: format});
      const blob = await response.blob();
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      const name = (instantValue) => instantValue.replace(/[:.]/g, '');
      link.download = 'audit-' + (name(range.from) || 'start') + '-' + (name(range.to) || 'now') + '.' + format;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
      showMessage('Export saved as ' + link.download + '.', 'info');
      setState('search', 'ready');
    } catch (error) {
      handle(error, 'search');
    }
  }

  // --- wiring ---

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', signOut);
    $('search-form').addEventListener('submit', (event) => {
      event.preventDefault();
      search(0);
    });
    $('search-next').addEventListener('click', () => {
      if (nextOffset !== null) {
        search(nextOffset);
      }
    });
    $('timeline-form').addEventListener('submit', (event) => {
      event.preventDefault();
      loadTimeline();
    });
    $('verify-run').addEventListener('click', refreshVerify);
    $('export-jsonl').addEventListener('click', () => download('jsonl'));
    $('export-csv').addEventListener('click', () => download('csv'));
    if (token()) {
      showSignedIn();
      refreshVerify();
      search(0);
    } else {
      $('token').focus();
    }
  });
})();
