/// <reference lib="dom" />
import { useEffect, useMemo, useState } from 'preact/hooks';
import { describeVendor, matches, statusTone, type StateCollection, type StateRow } from './state-model.js';

/** Rows of one table put in the DOM at a time; "show more" adds as many again. */
const PAGE = 50;

interface Props {
  state: Record<string, unknown> | undefined;
  loadedAt?: Date;
  error?: string;
  onRefresh: () => void;
}

export function StateView({ state, loadedAt, error, onRefresh }: Props) {
  const vendors = useMemo(() => Object.keys(state ?? {}), [state]);
  const [vendor, setVendor] = useState<string | undefined>(undefined);
  const [query, setQuery] = useState('');
  const current = vendor && vendors.includes(vendor) ? vendor : vendors[0];
  const described = useMemo(
    () => (current && state ? describeVendor(current, state[current]) : undefined),
    [state, current],
  );
  const needle = query.trim().toLowerCase();

  return (
    <section class="card state" aria-label="State">
      <div class="card-head">
        <h2>State</h2>
        <div class="tabs" role="tablist" aria-label="Vendors in state" hidden={vendors.length === 0}>
          {vendors.map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              aria-selected={v === current}
              class={v === current ? 'tab active' : 'tab'}
              onClick={() => setVendor(v)}
            >
              {v}
            </button>
          ))}
        </div>
        <input
          type="search"
          class="grow"
          placeholder="Search this vendor’s state…"
          aria-label="Search state"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
        <span class="dim small">{loadedAt ? `as of ${loadedAt.toLocaleTimeString('en-GB')}` : 'loading…'}</span>
        <button type="button" class="ghost" onClick={onRefresh}>
          Refresh
        </button>
      </div>
      {error ? <p class="error">{error}</p> : null}
      {described ? (
        <VendorTables collections={described.collections} values={described.values} needle={needle} key={current} />
      ) : null}
    </section>
  );
}

function VendorTables({
  collections,
  values,
  needle,
}: {
  collections: StateCollection[];
  values: Array<[string, string]>;
  needle: string;
}) {
  const filled = collections.filter((c) => c.rows.length > 0);
  const empty = collections.filter((c) => c.rows.length === 0).map((c) => c.title);
  const shownValues = values.filter(([k, v]) => !needle || `${k} ${v}`.toLowerCase().includes(needle));
  const withMatches = filled.map((c) => ({ collection: c, rows: c.rows.filter((r) => matches(r, needle)) }));
  const hidden = withMatches.filter((m) => m.rows.length === 0).map((m) => m.collection.title);
  return (
    <div class="collections">
      {withMatches
        .filter((m) => m.rows.length > 0)
        .map((m) => (
          <Collection key={m.collection.title} collection={m.collection} rows={m.rows} />
        ))}
      {needle && hidden.length > 0 ? <p class="dim small">No match in {hidden.join(', ')}.</p> : null}
      {!needle && empty.length > 0 ? <p class="dim small">Empty: {empty.join(', ')}.</p> : null}
      {shownValues.length > 0 ? (
        <div class="values" aria-label="Values">
          {shownValues.map(([k, v]) => (
            <span key={k} class="value">
              <span class="dim">{k}</span> <span class="mono">{v}</span>
            </span>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function Collection({ collection, rows }: { collection: StateCollection; rows: StateRow[] }) {
  const [limit, setLimit] = useState(PAGE);
  const [open, setOpen] = useState<StateRow | undefined>(undefined);
  useEffect(() => setLimit(PAGE), [rows.length]);
  const { title, columns } = collection;
  const total = collection.rows.length;
  return (
    <div class="collection" data-testid="state-collection" data-title={title}>
      <h3>
        {title} <span class="count">{rows.length === total ? total : `${rows.length} of ${total}`}</span>
      </h3>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, limit).map((row, i) => (
              <Row
                key={i}
                row={row}
                columns={columns}
                open={open === row}
                onToggle={() => setOpen(open === row ? undefined : row)}
              />
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > limit ? (
        <button type="button" class="ghost" onClick={() => setLimit(limit + PAGE)}>
          Show {Math.min(PAGE, rows.length - limit)} more of {rows.length - limit} not shown
        </button>
      ) : null}
    </div>
  );
}

function Row({
  row,
  columns,
  open,
  onToggle,
}: {
  row: StateRow;
  columns: string[];
  open: boolean;
  onToggle: () => void;
}) {
  return (
    <>
      <tr class={open ? 'open' : ''} onClick={onToggle} title="Click for the whole record">
        {columns.map((c) => {
          const value = row.cells[c] ?? '';
          const tone = statusTone(c, value);
          return (
            <td key={c} title={value}>
              {tone ? <span class={`pill ${tone}`}>{value}</span> : value}
            </td>
          );
        })}
      </tr>
      {open ? (
        <tr class="record">
          <td colSpan={columns.length}>
            <pre>{JSON.stringify(row.raw, null, 2)}</pre>
          </td>
        </tr>
      ) : null}
    </>
  );
}
