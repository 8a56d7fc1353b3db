import type { ServiceRecord } from './state.js';

/**
 * A host's services by description (case-sensitive, as in GroundWork), in the order they were
 * added: the part of a Map the state uses, in an array. A Map of 10 services holds a 16-entry hash
 * table (about 500 bytes); 100,000 hosts held 48 MiB of them. A few services are found by a scan;
 * past INDEXED, a Map of them is built and kept.
 */
export class ServiceList {
  private index?: Map<string, ServiceRecord>;

  /** Takes the array as it is: a loaded host's services, sized exactly. */
  constructor(private readonly list: ServiceRecord[] = []) {
    if (list.length > INDEXED) this.index = new Map(list.map((s) => [s.description, s]));
  }

  get size(): number {
    return this.list.length;
  }

  get(description: string): ServiceRecord | undefined {
    if (this.index) return this.index.get(description);
    for (const service of this.list) if (service.description === description) return service;
    return undefined;
  }

  has(description: string): boolean {
    return this.get(description) !== undefined;
  }

  /** Adds the service, or replaces the one of its description in place. */
  set(service: ServiceRecord): void {
    const existing = this.get(service.description);
    if (existing) this.list[this.list.indexOf(existing)] = service;
    else this.list.push(service);
    if (this.index) this.index.set(service.description, service);
    else if (this.list.length > INDEXED) this.index = new Map(this.list.map((s) => [s.description, s]));
  }

  delete(description: string): boolean {
    const service = this.get(description);
    if (!service) return false;
    this.list.splice(this.list.indexOf(service), 1);
    this.index?.delete(description);
    return true;
  }

  /** In the order added; not to be changed while iterated (copy it first, as with a Map one deletes from). */
  values(): IterableIterator<ServiceRecord> {
    return this.list.values();
  }

  *keys(): IterableIterator<string> {
    for (const service of this.list) yield service.description;
  }
}

const INDEXED = 32;
