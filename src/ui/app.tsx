/// <reference lib="dom" />
import { render } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { FaultConfig } from '../mock/faults.js';
import type { JournalEntry } from '../mock/journal.js';
import { AdminError, admin, adminJson, followJournal, type FeedStatus } from './api.js';
import { FaultsView } from './faults-view.js';
import { RequestsView } from './requests-view.js';
import { StateView } from './state-view.js';

/**
 * The mock's dashboard (`/__admin/ui`): the journal live, the state per vendor, and the buttons a
 * front-end developer reaches for (reset, load, save, fault injection). Everything it shows comes
 * from the admin API; nothing is fetched from anywhere else.
 */

/** The page keeps at most this many entries (the journal's default capacity is 10,000). */
const MAX_ENTRIES = 20_000;
/** State is fetched again as a request may have changed it, then at most this often while requests keep coming. */
const STATE_REFRESH_MS = 750;

interface Toast {
  text: string;
  tone: 'good' | 'bad';
}

function App() {
  const [needsToken, setNeedsToken] = useState(false);
  const { toast, say } = useToast();
  const adminState = useAdminState(setNeedsToken);
  const journal = useJournalFeed(adminState, setNeedsToken);
  const { busy, act } = useAction(say, setNeedsToken);

  // `void`: act reports its own failures; the buttons need no promise back.
  const reset = () =>
    void act('Reset: every vendor is back to its fixtures, and the journal is empty.', async () => {
      await admin('POST', '/__admin/reset');
      await adminState.loadState();
    });
  const save = () => void act('State saved to your downloads.', downloadState);
  const load = (file: File) =>
    void act(`Loaded state from ${file.name}.`, async () => {
      await admin('PUT', '/__admin/state', await file.text());
      await adminState.loadState();
    });
  const applyFaults = (config: FaultConfig) =>
    void act(`Faults ${adminState.faults?.enabled ? 'updated' : 'on'}.`, async () => {
      adminState.setFaults(await adminJson<FaultConfig>('PUT', '/__admin/faults', JSON.stringify(config)));
    });
  const faultsOff = () =>
    void act('Faults off.', async () => {
      await admin('DELETE', '/__admin/faults');
      await adminState.loadFaults();
    });

  return (
    <>
      <TopBar feed={journal.feed} vendors={journal.vendors} busy={busy} onReset={reset} onLoad={load} onSave={save} />
      {needsToken ? <TokenExpired /> : null}
      {toast ? (
        <div class={`toast ${toast.tone}`} role="status" data-testid="toast">
          {toast.text}
        </div>
      ) : null}
      <main>
        <FaultsView
          faults={adminState.faults}
          vendors={journal.vendors}
          busy={busy}
          onApply={applyFaults}
          onOff={faultsOff}
        />
        <RequestsView
          entries={journal.entries}
          version={journal.version}
          vendors={journal.vendors}
          responsesChecked={journal.responsesChecked}
        />
        <StateView
          state={adminState.state}
          loadedAt={adminState.stateAt}
          error={adminState.stateError}
          onRefresh={() => void adminState.loadState()}
        />
      </main>
    </>
  );
}

/** A message that goes away by itself: soon when good news, later when bad. */
function useToast(): { toast: Toast | undefined; say: (text: string, tone?: Toast['tone']) => void } {
  const [toast, setToast] = useState<Toast | undefined>(undefined);
  const say = useCallback((text: string, tone: Toast['tone'] = 'good') => setToast({ text, tone }), []);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(undefined), toast.tone === 'bad' ? 8000 : 3000);
    return () => clearTimeout(timer);
  }, [toast]);
  return { toast, say };
}

/** A button's work: the buttons are off while it runs, and it ends with a toast saying how it went. */
function useAction(
  say: (text: string, tone?: Toast['tone']) => void,
  setNeedsToken: (needed: boolean) => void,
): { busy: boolean; act: (label: string, work: () => Promise<void>) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const act = async (label: string, work: () => Promise<void>): Promise<void> => {
    setBusy(true);
    try {
      await work();
      say(label);
    } catch (error) {
      if (error instanceof AdminError && error.status === 401) setNeedsToken(true);
      say((error as Error).message, 'bad');
    } finally {
      setBusy(false);
    }
  };
  return { busy, act };
}

interface AdminState {
  state: Record<string, unknown> | undefined;
  stateAt: Date | undefined;
  stateError: string | undefined;
  faults: FaultConfig | undefined;
  // Function properties: handed on unbound (to callbacks and effects).
  setFaults: (faults: FaultConfig) => void;
  loadState: () => Promise<void>;
  loadFaults: () => Promise<void>;
}

/** The mock's state and fault configuration as last fetched, and how to fetch them again. */
function useAdminState(setNeedsToken: (needed: boolean) => void): AdminState {
  const [state, setState] = useState<Record<string, unknown> | undefined>(undefined);
  const [stateAt, setStateAt] = useState<Date | undefined>(undefined);
  const [stateError, setStateError] = useState<string | undefined>(undefined);
  const [faults, setFaults] = useState<FaultConfig | undefined>(undefined);
  const stateText = useRef<string | undefined>(undefined);
  const loadState = useCallback(async () => {
    try {
      const text = await (await admin('GET', '/__admin/state')).text();
      // Most requests change nothing: the same state is not parsed and drawn again, and a record the
      // user opened stays open (its table's rows are the same objects).
      if (text !== stateText.current) {
        stateText.current = text;
        setState(JSON.parse(text) as Record<string, unknown>);
      }
      setStateAt(new Date());
      setStateError(undefined);
    } catch (error) {
      if (error instanceof AdminError && error.status === 401) setNeedsToken(true);
      setStateError((error as Error).message);
    }
  }, []);
  const loadFaults = useCallback(async () => {
    try {
      setFaults(await adminJson<FaultConfig>('GET', '/__admin/faults'));
    } catch (error) {
      if (error instanceof AdminError && error.status === 401) setNeedsToken(true);
    }
  }, []);
  return { state, stateAt, stateError, faults, setFaults, loadState, loadFaults };
}

interface JournalFeed {
  /** The page's copy of the journal; `version` changes when it did. */
  entries: JournalEntry[];
  version: number;
  feed: FeedStatus;
  vendors: string[];
  responsesChecked: boolean;
}

/** The journal live from `/__admin/events`; state and faults are fetched again when requests may have changed them. */
function useJournalFeed(adminState: AdminState, setNeedsToken: (needed: boolean) => void): JournalFeed {
  const entries = useRef<JournalEntry[]>([]);
  const [feed, setFeed] = useState<FeedStatus>('connecting');
  const [vendors, setVendors] = useState<string[]>([]);
  const [responsesChecked, setResponsesChecked] = useState(true);
  const { loadState, loadFaults } = adminState;

  const scheduleRefresh = useThrottledRefresh(adminState);
  const { version, redraw } = useFrameRedraw();

  useEffect(() => {
    void loadState();
    void loadFaults();
    const stop = followJournal(
      {
        hello: (hello) => {
          setVendors(hello.vendors);
          setResponsesChecked(hello.validateResponses);
          // Whatever the journal no longer holds (cleared or rotated out while away) goes here too.
          entries.current =
            hello.oldestId === null
              ? []
              : entries.current.filter((e) => hello.oldestId !== null && e.id >= hello.oldestId);
          redraw();
        },
        entries: (batch) => {
          const list = entries.current;
          list.push(...batch);
          if (list.length > MAX_ENTRIES) list.splice(0, list.length - MAX_ENTRIES);
          const mutating = batch.filter(
            (e) => e.vendor !== undefined || (e.path.startsWith('/__admin') && e.method !== 'GET'),
          );
          if (mutating.length > 0)
            scheduleRefresh({ state: true, faults: mutating.some((e) => e.path.startsWith('/__admin/faults')) });
          redraw();
        },
        cleared: () => {
          entries.current = [];
          redraw();
        },
        status: (status) => {
          setFeed(status);
          if (status === 'unauthorized') setNeedsToken(true);
        },
      },
      () => entries.current[entries.current.length - 1]?.id ?? 0,
    );
    return stop;
  }, []);
  return { entries: entries.current, version, feed, vendors, responsesChecked };
}

/**
 * Requests may change state (even GETs: Boomi's token polls), so state follows the journal: fetched
 * as soon as a request was journaled, and while requests keep coming, once more at most every
 * STATE_REFRESH_MS for those that came meanwhile.
 */
function useThrottledRefresh({
  loadState,
  loadFaults,
}: AdminState): (what: { state?: boolean; faults?: boolean }) => void {
  const refresh = useRef<{ timer?: ReturnType<typeof setTimeout>; last: number; state: boolean; faults: boolean }>({
    last: -Infinity,
    state: false,
    faults: false,
  });
  return useCallback(
    (what: { state?: boolean; faults?: boolean }) => {
      const r = refresh.current;
      r.state ||= !!what.state;
      r.faults ||= !!what.faults;
      if (r.timer !== undefined) return;
      const run = (): void => {
        const { state: s, faults: f } = r;
        Object.assign(r, { timer: undefined, last: performance.now(), state: false, faults: false });
        if (s) void loadState();
        if (f) void loadFaults();
      };
      const wait = r.last + STATE_REFRESH_MS - performance.now();
      if (wait <= 0) run();
      else r.timer = setTimeout(run, wait);
    },
    [loadState, loadFaults],
  );
}

/** Entries are collected as they stream in and drawn once per frame: `redraw` bumps `version` at the next one. */
function useFrameRedraw(): { version: number; redraw: () => void } {
  const [version, setVersion] = useState(0);
  const frame = useRef<number | undefined>(undefined);
  const redraw = useCallback(() => {
    frame.current ??= requestAnimationFrame(() => {
      frame.current = undefined;
      setVersion((v) => v + 1);
    });
  }, []);
  return { version, redraw };
}

/** `GET /__admin/state` saved as a file to the browser's downloads. */
async function downloadState(): Promise<void> {
  const text = await (await admin('GET', '/__admin/state')).text();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.download = `understudy-state-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

const FEED_LABELS: Record<FeedStatus, string> = {
  live: 'live',
  connecting: 'connecting…',
  unauthorized: 'needs token',
  offline: 'reconnecting…',
};

/** The page's header: the feed's status, the vendors served, and the state buttons. */
function TopBar(props: {
  feed: FeedStatus;
  vendors: string[];
  busy: boolean;
  onReset: () => void;
  onLoad: (file: File) => void;
  onSave: () => void;
}) {
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <header class="top">
      <h1>
        understudy <span class="dim">mock dashboard</span>
      </h1>
      <span
        class={`feed feed-${props.feed}`}
        data-testid="feed-status"
        title="The journal's live feed (GET /__admin/events)"
      >
        {FEED_LABELS[props.feed]}
      </span>
      <span class="dim small">{props.vendors.join(' · ')}</span>
      <span class="spacer" />
      <button type="button" onClick={props.onReset} disabled={props.busy}>
        Reset
      </button>
      <button type="button" onClick={() => fileInput.current?.click()} disabled={props.busy}>
        Load state…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept="application/json,.json"
        hidden
        aria-label="State file to load"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) props.onLoad(file);
        }}
      />
      <button type="button" onClick={props.onSave} disabled={props.busy}>
        Save state
      </button>
    </header>
  );
}

/** The mock no longer takes this page's session (it restarted with another admin token): the page asks for it again. */
function TokenExpired() {
  return (
    <div class="banner" role="alert">
      This mock's admin API no longer takes this page's session (was it restarted with another admin token?).{' '}
      <button type="button" onClick={() => location.reload()}>
        Enter the token again
      </button>
    </div>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
