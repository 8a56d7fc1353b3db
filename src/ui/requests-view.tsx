/// <reference lib="dom" />
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { JournalEntry } from '../mock/journal.js';
import { verdictOf, type Verdict } from './verdict.js';

/**
 * Every request the mock answered, newest first. Only the rows in view are in the DOM (fixed row
 * height, a spacer above and below), so ten thousand entries scroll and filter as fast as ten.
 */

const ROW_HEIGHT = 30;
const OVERSCAN = 12;

type StatusFilter = 'all' | '2xx' | '3xx' | '4xx' | '5xx' | 'violations' | 'faults';

/** The session filter's value for requests without a session (a space: never a session id). */
const NO_SESSION = ' ';

interface Props {
  entries: JournalEntry[];
  /** Bumped whenever `entries` changed in place. */
  version: number;
  vendors: string[];
  responsesChecked: boolean;
}

const haystacks = new WeakMap<JournalEntry, string>();
function haystack(e: JournalEntry): string {
  let text = haystacks.get(e);
  if (text === undefined) {
    text = [
      e.method,
      e.path,
      e.status,
      e.vendor ?? '',
      e.operationId ?? '',
      e.fault ?? '',
      e.session ?? '',
      ...e.violations,
    ]
      .join(' ')
      .toLowerCase();
    haystacks.set(e, text);
  }
  return text;
}

function statusMatches(e: JournalEntry, filter: StatusFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'violations':
      return e.violations.length > 0;
    case 'faults':
      return e.fault !== undefined;
    default:
      return Math.floor(e.status / 100) === Number(filter[0]);
  }
}

export function RequestsView({ entries, version, vendors, responsesChecked }: Props) {
  const [text, setText] = useState('');
  const [vendor, setVendor] = useState('');
  // '' every request, NO_SESSION those in the shared state, else one test session's.
  const [session, setSession] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [showAdmin, setShowAdmin] = useState(false);
  const [selectedId, setSelectedId] = useState<number | undefined>(undefined);

  const { rows, total } = useMemo(() => {
    const query = text.trim().toLowerCase();
    const out: JournalEntry[] = [];
    let total = 0;
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i];
      if (!e) continue;
      if (!showAdmin && e.path.startsWith('/__admin')) continue;
      total++;
      if (vendor && e.vendor !== vendor) continue;
      if (session && (e.session ?? NO_SESSION) !== session) continue;
      if (!statusMatches(e, status)) continue;
      if (query && !haystack(e).includes(query)) continue;
      out.push(e);
    }
    return { rows: out, total };
  }, [entries, version, text, vendor, session, status, showAdmin]);

  const seenVendors = useMemo(
    () => [...new Set([...vendors, ...entries.map((e) => e.vendor).filter((v): v is string => !!v)])].sort(),
    [vendors, entries, version],
  );
  const seenSessions = useMemo(
    () => [...new Set(entries.map((e) => e.session).filter((s): s is string => s !== undefined))].sort(),
    [entries, version],
  );
  const selected = selectedId === undefined ? undefined : rows.find((e) => e.id === selectedId);

  return (
    <section class="card requests" aria-label="Requests">
      <div class="card-head">
        <h2>Requests</h2>
        <span class="count" data-testid="requests-count">
          {rows.length === total
            ? `${total.toLocaleString('en')} requests`
            : `${rows.length.toLocaleString('en')} of ${total.toLocaleString('en')} requests`}
        </span>
        <div class="filters">
          <input
            type="search"
            placeholder="Filter: path, operationId, status, violation…"
            aria-label="Filter requests"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <select aria-label="Vendor" value={vendor} onChange={(e) => setVendor(e.currentTarget.value)}>
            <option value="">all vendors</option>
            {seenVendors.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
          {seenSessions.length > 0 || session ? (
            <select aria-label="Session" value={session} onChange={(e) => setSession(e.currentTarget.value)}>
              <option value="">all sessions</option>
              <option value={NO_SESSION}>no session (shared state)</option>
              {seenSessions.map((s) => (
                <option key={s} value={s}>
                  session {s}
                </option>
              ))}
            </select>
          ) : null}
          <select aria-label="Status" value={status} onChange={(e) => setStatus(e.currentTarget.value as StatusFilter)}>
            <option value="all">any status</option>
            <option value="2xx">2xx</option>
            <option value="3xx">3xx</option>
            <option value="4xx">4xx</option>
            <option value="5xx">5xx</option>
            <option value="violations">with violations</option>
            <option value="faults">with faults</option>
          </select>
          <label class="check">
            <input type="checkbox" checked={showAdmin} onChange={(e) => setShowAdmin(e.currentTarget.checked)} />{' '}
            /__admin calls
          </label>
        </div>
      </div>
      <RequestTable rows={rows} responsesChecked={responsesChecked} selectedId={selectedId} onSelect={setSelectedId} />
      {selected ? (
        <Details
          entry={selected}
          verdict={verdictOf(selected, responsesChecked)}
          onClose={() => setSelectedId(undefined)}
        />
      ) : null}
    </section>
  );
}

function RequestTable({
  rows,
  responsesChecked,
  selectedId,
  onSelect,
}: {
  rows: JournalEntry[];
  responsesChecked: boolean;
  selectedId?: number;
  onSelect: (id: number) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(480);
  const topId = useRef<number | undefined>(undefined);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Rows arrive at the top: someone reading further down keeps their place.
  useLayoutEffect(() => {
    const el = scroller.current;
    const previous = topId.current;
    topId.current = rows[0]?.id;
    if (!el || previous === undefined || el.scrollTop === 0) return;
    const shift = rows.findIndex((e) => e.id === previous);
    if (shift > 0) {
      el.scrollTop += shift * ROW_HEIGHT;
      setScrollTop(el.scrollTop);
    }
  }, [rows]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  return (
    <div class="grid requests-grid" role="table" aria-label="Requests" aria-rowcount={rows.length + 1}>
      <div class="row head" role="row">
        {['time', 'method', 'path', 'status', 'latency', 'vendor', 'operationId', 'verdict', 'violations / fault'].map(
          (h) => (
            <div role="columnheader" key={h}>
              {h}
            </div>
          ),
        )}
      </div>
      <div
        class="scroll"
        ref={scroller}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        data-testid="requests-scroll"
      >
        {rows.length === 0 ? (
          <div class="empty">No requests yet: call the mock and they appear here as they are answered.</div>
        ) : null}
        <div style={{ height: `${rows.length * ROW_HEIGHT}px`, position: 'relative' }}>
          <div style={{ transform: `translateY(${first * ROW_HEIGHT}px)` }} role="rowgroup">
            {rows.slice(first, last).map((e, i) => (
              <RequestRow
                key={e.id}
                entry={e}
                index={first + i}
                verdict={verdictOf(e, responsesChecked)}
                selected={e.id === selectedId}
                onSelect={onSelect}
              />
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}

const statusClass = (status: number): string => (status === 0 ? 's0' : `s${Math.floor(status / 100)}xx`);

function RequestRow({
  entry: e,
  index,
  verdict,
  selected,
  onSelect,
}: {
  entry: JournalEntry;
  index: number;
  verdict: Verdict;
  selected: boolean;
  onSelect: (id: number) => void;
}) {
  const more = e.violations.length > 1 ? ` (+${e.violations.length - 1} more)` : '';
  const note = [e.violations[0] ? `${e.violations[0]}${more}` : '', e.fault ? `fault: ${e.fault}` : '']
    .filter(Boolean)
    .join(' · ');
  return (
    <div
      class={`row${selected ? ' selected' : ''}${index % 2 ? ' odd' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="request-row"
      data-id={e.id}
      tabIndex={0}
      onClick={() => onSelect(e.id)}
      onKeyDown={(ev) => ev.key === 'Enter' && onSelect(e.id)}
    >
      <div role="cell" class="mono dim" title={e.time}>
        {e.time.slice(11, 23)}
      </div>
      <div role="cell">
        <span class={`method m-${e.method.toLowerCase()}`}>{e.method}</span>
      </div>
      <div role="cell" class="mono path" title={e.path}>
        {e.path}
      </div>
      <div role="cell">
        <span class={`status ${statusClass(e.status)}`}>{e.status === 0 ? '—' : e.status}</span>
      </div>
      <div role="cell" class="num dim">
        {e.latencyMs < 10 ? e.latencyMs.toFixed(1) : Math.round(e.latencyMs)} ms
      </div>
      <div role="cell">{e.vendor ?? ''}</div>
      <div role="cell" class="mono" title={e.operationId}>
        {e.operationId ?? ''}
      </div>
      <div role="cell">
        <span class={`verdict v-${verdict.kind}`} title={verdict.explanation}>
          {verdict.label}
        </span>
      </div>
      <div
        role="cell"
        class={e.violations.length > 0 ? 'violation' : e.fault ? 'fault' : ''}
        title={[...e.violations, e.fault ?? ''].filter(Boolean).join('\n')}
      >
        {note}
      </div>
    </div>
  );
}

function Details({ entry: e, verdict, onClose }: { entry: JournalEntry; verdict: Verdict; onClose: () => void }) {
  return (
    <div class="details" data-testid="request-details" aria-label="Request details">
      <div class="details-head">
        <span class={`method m-${e.method.toLowerCase()}`}>{e.method}</span>
        <span class="mono path-full">{e.path}</span>
        <span class={`status ${statusClass(e.status)}`}>{e.status === 0 ? 'dropped' : e.status}</span>
        <span class={`verdict v-${verdict.kind}`}>{verdict.label}</span>
        <button type="button" class="link" onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </div>
      <p class="dim">
        #{e.id} · {e.time} · {e.latencyMs} ms{e.vendor ? ` · ${e.vendor}` : ''}
        {e.operationId ? ` · ${e.operationId}` : ''}
        {e.session ? ` · session ${e.session}` : ''}
      </p>
      <p>{verdict.explanation}</p>
      {e.violations.length > 0 ? (
        <>
          <h3>{e.violations.length === 1 ? '1 violation' : `${e.violations.length} violations`}</h3>
          <ul class="violations">
            {e.violations.map((v, i) => (
              <li key={i}>{v}</li>
            ))}
          </ul>
        </>
      ) : null}
      {e.fault ? <p class="fault">Injected fault: {e.fault}</p> : null}
    </div>
  );
}
