/**
 * Backend plugins by name: registration (shape and API version checked, conflicts refused),
 * lazy initialisation (once; failures remembered and reported together) and selection by
 * priority.
 */
import { andThen, describeCause } from '../engine/maybe-async.ts';
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import { didYouMean } from '../errors/suggest.ts';
import { BACKEND_API_VERSION, type Backend, type BackendPlugin } from './backend.ts';

export interface Logger {
  warn(message: string): void;
}

export type BackendState = 'registered' | 'initializing' | 'ready' | 'failed';

export interface BackendStatus {
  name: string;
  priority: number;
  state: BackendState;
  /** Why init failed, when state is `failed`. */
  failure?: string;
}

interface Entry {
  plugin: BackendPlugin;
  order: number;
  backend?: Backend;
  pending?: Promise<Backend>;
  failure?: string;
}

const REQUIRED_METHODS = ['upload', 'download', 'release'] as const;

export class BackendRegistry {
  private readonly entries = new Map<string, Entry>();
  private registrations = 0;
  private active: string | undefined;
  private changes = 0;

  constructor(private logger: Logger) {}

  setLogger(logger: Logger): void {
    this.logger = logger;
  }

  /** Grows with every registration, removal or selection; plans made at another are stale. */
  get version(): number {
    return this.changes;
  }

  /** Registers `plugin`; true when it replaced a different plugin of that name (override). */
  register(plugin: BackendPlugin, options: { override?: boolean } = {}): boolean {
    if (
      !plugin ||
      typeof plugin.name !== 'string' ||
      !plugin.name ||
      typeof plugin.init !== 'function'
    ) {
      throw new LowbitError(
        ErrorCode.Argument,
        'A backend plugin needs a non-empty name and an init() function.',
      );
    }
    if (plugin.apiVersion !== BACKEND_API_VERSION) {
      throw new LowbitError(
        ErrorCode.ApiVersion,
        `Backend "${plugin.name}" was built for backend API ${plugin.apiVersion}; this @lowbit/core speaks ${BACKEND_API_VERSION}. Install matching versions.`,
        { details: { backend: plugin.name, apiVersion: plugin.apiVersion } },
      );
    }
    if (!Number.isFinite(plugin.priority)) {
      throw new LowbitError(
        ErrorCode.Argument,
        `Backend "${plugin.name}" needs a finite numeric priority.`,
      );
    }
    const existing = this.entries.get(plugin.name);
    if (existing) {
      if (existing.plugin === plugin) return false;
      if (!options.override) {
        throw new LowbitError(
          ErrorCode.BackendExists,
          `A different backend named "${plugin.name}" is already registered. Unregister it first or pass { override: true }.`,
          { details: { backend: plugin.name } },
        );
      }
      this.unregister(plugin.name);
    }
    this.entries.set(plugin.name, { plugin, order: this.registrations++ });
    this.changes++;
    return existing !== undefined;
  }

  unregister(name: string): boolean {
    const entry = this.entries.get(name);
    if (!entry) return false;
    entry.backend?.dispose?.();
    this.entries.delete(name);
    if (this.active === name) this.active = undefined;
    this.changes++;
    return true;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Registered backends, highest priority first. */
  list(): BackendStatus[] {
    return this.byPriority().map(({ plugin, backend, pending, failure }) => {
      const state: BackendState = backend
        ? 'ready'
        : failure
          ? 'failed'
          : pending
            ? 'initializing'
            : 'registered';
      return {
        name: plugin.name,
        priority: plugin.priority,
        state,
        ...(failure ? { failure } : {}),
      };
    });
  }

  /** The backend chosen by ready()/setBackend() or by the first synchronous use. */
  get activeName(): string | undefined {
    return this.active;
  }

  /** Initialises `name` (once) and returns it. */
  async get(name: string): Promise<Backend> {
    return this.start(this.entry(name));
  }

  /** `name` if its init is synchronous or done; E_BACKEND_NOT_READY while it is pending. */
  getSync(name: string): Backend {
    const entry = this.entry(name);
    const result = this.start(entry);
    if (result instanceof Promise) {
      result.catch(() => {});
      throw this.notReady(name);
    }
    return result;
  }

  /** Makes `name` the active backend, initialising it first. */
  async select(name: string): Promise<Backend> {
    const backend = await this.get(name);
    this.activate(name);
    return backend;
  }

  /** The active backend, choosing the best usable one first if none is active. */
  async ready(): Promise<Backend> {
    this.dropLost();
    if (this.active) return this.get(this.active);
    for (const entry of this.byPriority()) {
      try {
        const backend = await this.start(entry);
        this.activate(entry.plugin.name);
        return backend;
      } catch {
        // Remembered in entry.failure and reported by noBackend() if nothing works.
      }
    }
    throw this.noBackend();
  }

  /**
   * Synchronous form of ready(): takes the highest-priority backend that initialises without
   * waiting. If that backend's init is asynchronous, throws E_BACKEND_NOT_READY (as TF.js does)
   * rather than silently picking a lower one.
   */
  readySync(): Backend {
    this.dropLost();
    if (this.active) return this.getSync(this.active);
    for (const entry of this.byPriority()) {
      let result: Backend | Promise<Backend>;
      try {
        result = this.start(entry);
      } catch {
        continue;
      }
      if (result instanceof Promise) {
        result.catch(() => {});
        throw this.notReady(entry.plugin.name);
      }
      this.activate(entry.plugin.name);
      return result;
    }
    throw this.noBackend();
  }

  /** An active backend whose device was lost is failed (warned once) so selection moves on. */
  private dropLost(): void {
    const entry = this.active === undefined ? undefined : this.entries.get(this.active);
    const lost = entry?.backend?.lost;
    if (!entry || lost === undefined) return;
    entry.backend = undefined;
    entry.failure = `its device was lost (${lost})`;
    this.logger.warn(
      `lowbit: backend "${entry.plugin.name}" lost its device (${lost}); new work runs on the next backend.`,
    );
    this.active = undefined;
    this.changes++;
  }

  private activate(name: string): void {
    if (this.active === name) return;
    this.active = name;
    this.changes++;
  }

  private entry(name: string): Entry {
    const entry = this.entries.get(name);
    if (entry) return entry;
    throw new LowbitError(
      ErrorCode.BackendUnknown,
      `Unknown backend "${name}".${didYouMean(name, this.entries.keys())} Register it with use(plugin) first.`,
      { details: { backend: name, registered: [...this.entries.keys()] } },
    );
  }

  private byPriority(): Entry[] {
    return [...this.entries.values()].sort(
      (a, b) => b.plugin.priority - a.plugin.priority || a.order - b.order,
    );
  }

  private start(entry: Entry): Backend | Promise<Backend> {
    if (entry.backend) return entry.backend;
    if (entry.failure !== undefined) throw this.initError(entry);
    if (entry.pending) return entry.pending;
    const { plugin } = entry;
    let result: Backend | Promise<Backend>;
    try {
      result = andThen(plugin.probe ? plugin.probe() : 1, (score) => {
        if (!(score > 0))
          throw new Error(`probe() returned ${score}, so it is unusable in this environment`);
        return plugin.init();
      });
    } catch (cause) {
      throw this.fail(entry, cause);
    }
    if (result instanceof Promise) {
      entry.pending = result.then(
        (backend) => this.succeed(entry, backend),
        (cause) => {
          throw this.fail(entry, cause);
        },
      );
      return entry.pending;
    }
    return this.succeed(entry, result);
  }

  private succeed(entry: Entry, backend: Backend): Backend {
    entry.pending = undefined;
    const missing = REQUIRED_METHODS.filter((m) => typeof backend?.[m] !== 'function');
    if (missing.length > 0)
      throw this.fail(entry, new Error(`init() returned an object without ${missing.join(', ')}`));
    entry.backend = backend;
    return backend;
  }

  private fail(entry: Entry, cause: unknown): LowbitError {
    entry.pending = undefined;
    entry.failure = describeCause(cause);
    this.logger.warn(
      `lowbit: backend "${entry.plugin.name}" is unavailable and will be skipped: ${entry.failure}`,
    );
    return this.initError(entry, cause);
  }

  private initError(entry: Entry, cause?: unknown): LowbitError {
    return new LowbitError(
      ErrorCode.BackendInit,
      `Backend "${entry.plugin.name}" failed to initialise: ${entry.failure}. Use another backend, or fix the cause and register it again.`,
      { details: { backend: entry.plugin.name }, cause },
    );
  }

  private notReady(name: string): LowbitError {
    return new LowbitError(
      ErrorCode.BackendNotReady,
      `Backend "${name}" initialises asynchronously; await ready() (or setBackend("${name}")) before creating tensors or running ops.`,
      { details: { backend: name } },
    );
  }

  private noBackend(): LowbitError {
    if (this.entries.size === 0) {
      return new LowbitError(
        ErrorCode.BackendNone,
        'No backend is registered. Call use(cpuBackend()) from @lowbit/backend-cpu, or import "@lowbit/backend-cpu/auto".',
      );
    }
    const reasons = this.byPriority().map((e) => `${e.plugin.name}: ${e.failure ?? 'not tried'}`);
    return new LowbitError(
      ErrorCode.BackendNone,
      `No registered backend could be initialised (${reasons.join('; ')}).`,
      {
        details: { reasons },
      },
    );
  }
}
