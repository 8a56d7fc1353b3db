/**
 * The vendors' states one request sees. The mock has one shared scope; the pipeline takes the scope
 * per request (see `MockCore.scopeFor`), so that isolated states for parallel tests (sessions) are a
 * matter of resolving another scope, not of another pipeline.
 */
export class StateScope {
  private readonly states = new Map<string, unknown>();

  constructor(
    /** `shared` for the default scope. */
    readonly id: string,
    /** Told after each change (the shared scope's state file listens here). */
    private readonly onChange?: (vendor: string) => void,
  ) {}

  get(vendor: string): unknown {
    return this.states.get(vendor);
  }

  set(vendor: string, state: unknown): void {
    this.states.set(vendor, state);
  }

  changed(vendor: string): void {
    this.onChange?.(vendor);
  }
}
