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
/** State is fetched again at most this often while requests keep coming. */
const STATE_REFRESH_MS = 750;

interface Toast {
  text: string;
  tone: 'good' | 'bad';
}

function App() {
  const entries = useRef<JournalEntry[]>([]);
  const [version, setVersion] = useState(0);
  const [feed, setFeed] = useState<FeedStatus>('connecting');
  const [vendors, setVendors] = useState<string[]>([]);
  const [responsesChecked, setResponsesChecked] = useState(true);
  const [state, setState] = useState<Record<string, unknown> | undefined>(undefined);
  const [stateAt, setStateAt] = useState<Date | undefined>(undefined);
  const [stateError, setStateError] = useState<string | undefined>(undefined);
  const [faults, setFaults] = useState<FaultConfig | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [toast, setToast] = useState<Toast | undefined>(undefined);
  const [needsToken, setNeedsToken] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const say = useCallback((text: string, tone: Toast['tone'] = 'good') => setToast({ text, tone }), []);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(undefined), toast.tone === 'bad' ? 8000 : 3000);
    return () => clearTimeout(timer);
  }, [toast]);

  const failed = useCallback(
    (error: unknown) => {
      if (error instanceof AdminError && error.status === 401) setNeedsToken(true);
      say((error as Error).message, 'bad');
    },
    [say],
  );

  const loadState = useCallback(async () => {
    try {
      setState(await adminJson<Record<string, unknown>>('GET', '/__admin/state'));
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

  // Requests may change state (even GETs: Boomi's token polls), so state follows the journal, throttled.
  const refresh = useRef<{ timer?: ReturnType<typeof setTimeout>; state: boolean; faults: boolean }>({
    state: false,
    faults: false,
  });
  const scheduleRefresh = useCallback(
    (what: { state?: boolean; faults?: boolean }) => {
      const r = refresh.current;
      r.state ||= !!what.state;
      r.faults ||= !!what.faults;
      r.timer ??= setTimeout(() => {
        const { state: s, faults: f } = r;
        Object.assign(r, { timer: undefined, state: false, faults: false });
        if (s) void loadState();
        if (f) void loadFaults();
      }, STATE_REFRESH_MS);
    },
    [loadState, loadFaults],
  );

  // Entries are collected as they stream in and drawn once per frame.
  const frame = useRef<number | undefined>(undefined);
  const redraw = useCallback(() => {
    frame.current ??= requestAnimationFrame(() => {
      frame.current = undefined;
      setVersion((v) => v + 1);
    });
  }, []);

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

  const act = async (label: string, work: () => Promise<void>): Promise<void> => {
    setBusy(true);
    try {
      await work();
      say(label);
    } catch (error) {
      failed(error);
    } finally {
      setBusy(false);
    }
  };

  // `void`: act reports its own failures; the buttons need no promise back.
  const reset = () =>
    void act('Reset: every vendor is back to its fixtures, and the journal is empty.', async () => {
      await admin('POST', '/__admin/reset');
      await loadState();
    });

  const save = () =>
    void act('State saved to your downloads.', async () => {
      const text = await (await admin('GET', '/__admin/state')).text();
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      link.download = `understudy-state-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    });

  const load = (file: File) =>
    act(`Loaded state from ${file.name}.`, async () => {
      const text = await file.text();
      await admin('PUT', '/__admin/state', text);
      await loadState();
    });

  const applyFaults = (config: FaultConfig) =>
    void act(`Faults ${faults?.enabled ? 'updated' : 'on'}.`, async () => {
      setFaults(await adminJson<FaultConfig>('PUT', '/__admin/faults', JSON.stringify(config)));
    });

  const faultsOff = () =>
    void act('Faults off.', async () => {
      await admin('DELETE', '/__admin/faults');
      await loadFaults();
    });

  return (
    <>
      <header class="top">
        <h1>
          understudy <span class="dim">mock dashboard</span>
        </h1>
        <span
          class={`feed feed-${feed}`}
          data-testid="feed-status"
          title="The journal's live feed (GET /__admin/events)"
        >
          {feed === 'live'
            ? 'live'
            : feed === 'connecting'
              ? 'connecting…'
              : feed === 'unauthorized'
                ? 'needs token'
                : 'reconnecting…'}
        </span>
        <span class="dim small">{vendors.join(' · ')}</span>
        <span class="spacer" />
        <button type="button" onClick={reset} disabled={busy}>
          Reset
        </button>
        <button type="button" onClick={() => fileInput.current?.click()} disabled={busy}>
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
            if (file) void load(file);
          }}
        />
        <button type="button" onClick={save} disabled={busy}>
          Save state
        </button>
      </header>
      {needsToken ? <TokenExpired /> : null}
      {toast ? (
        <div class={`toast ${toast.tone}`} role="status" data-testid="toast">
          {toast.text}
        </div>
      ) : null}
      <main>
        <FaultsView faults={faults} vendors={vendors} busy={busy} onApply={applyFaults} onOff={faultsOff} />
        <RequestsView
          entries={entries.current}
          version={version}
          vendors={vendors}
          responsesChecked={responsesChecked}
        />
        <StateView state={state} loadedAt={stateAt} error={stateError} onRefresh={() => void loadState()} />
      </main>
    </>
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
