/**
 * The engine ties the registries together: it owns backends and kernels, creates tensors, and
 * runs ops through the dispatch plan. `engine` is the process-wide instance; tests and
 * embedders can make their own.
 */
import type { Backend, BackendPlugin } from '../backend/backend.ts';
import { assertBackendLive, BACKEND_API_VERSION } from '../backend/backend.ts';
import { BackendRegistry, type BackendStatus, type Logger } from '../backend/backend-registry.ts';
import { ErrorCode } from '../errors/error-codes.ts';
import { LowbitError } from '../errors/lowbit-error.ts';
import type { EncodeOptions, Format } from '../format/format.ts';
import { resolveFormat } from '../format/format-registry.ts';
import {
  defineKernel,
  type KernelConfig,
  type KernelContext,
  type KernelResult,
} from '../kernel/kernel.ts';
import { KernelRegistry } from '../kernel/kernel-registry.ts';
import type { OpAttrs } from '../kernel/op-names.ts';
import { checkShape, type Shape, sizeOf } from '../tensor/shape.ts';
import { Tensor } from '../tensor/tensor.ts';
import { type DispatchPlan, planDispatch } from './dispatch-plan.ts';
import { type CachedPlan, PlanCache } from './plan-cache.ts';
import { TensorScopes } from './tensor-scopes.ts';

/**
 * A Float16Array, where the runtime has one (Node ≥ 24, recent browsers), typed by its shape so
 * that compiling against lowbit does not need `lib: esnext.float16` (Node 20 has no global).
 */
export interface Float16ArrayLike extends ArrayLike<number>, Iterable<number> {
  readonly [Symbol.toStringTag]: 'Float16Array';
  readonly BYTES_PER_ELEMENT: number;
}

export type NumericArray =
  | Float32Array
  | Float16ArrayLike
  | Float64Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | readonly number[];

export interface TensorOptions extends EncodeOptions {
  /** Target format (default `f32`). Never inferred from the array type. */
  format?: string | Format;
  /** Backend to hold the data (default: the active backend). */
  backend?: string;
  /** Allow in-place ops (writeRows) to write this tensor (default false: immutable). */
  mutable?: boolean;
}

export interface StorageOptions {
  backend?: string;
  /** Allow in-place ops (writeRows) to write this tensor (default false: immutable). */
  mutable?: boolean;
}

export interface RunOptions {
  /** Run on this backend instead of the operands' own. */
  backend?: string;
}

export interface EngineStats {
  /** Dispatch plans made (cache misses): steady-state ops make none. */
  plans: number;
}

export class Engine {
  readonly kernels = new KernelRegistry();
  readonly backends: BackendRegistry;
  private logger: Logger;
  private readonly plans = new PlanCache();
  private readonly contexts = new WeakMap<Backend, KernelContext>();
  /** (op, backend, formats) whose cpu detour was already logged. */
  private readonly detoursLogged = new Set<string>();

  private readonly scopes = new TensorScopes();

  constructor(options: { logger?: Logger } = {}) {
    this.logger = options.logger ?? { warn: (m) => console.warn(m) };
    this.backends = new BackendRegistry(this.logger);
  }

  setLogger(logger: Logger): void {
    this.logger = logger;
    this.backends.setLogger(logger);
  }

  /**
   * Registers a backend: a plugin object, or TF.js-style `(name, factory, priority)`.
   * Its kernels (if the plugin lists any) are not registered here; use() does both.
   */
  registerBackend(plugin: BackendPlugin, options?: { override?: boolean }): void;
  registerBackend(name: string, factory: () => Backend | Promise<Backend>, priority?: number): void;
  registerBackend(
    pluginOrName: BackendPlugin | string,
    factoryOrOptions?: (() => Backend | Promise<Backend>) | { override?: boolean },
    priority = 1,
  ): void {
    if (typeof pluginOrName === 'string') {
      if (typeof factoryOrOptions !== 'function') {
        throw new LowbitError(
          ErrorCode.Argument,
          `registerBackend("${pluginOrName}", factory, priority) needs a factory function.`,
        );
      }
      this.backends.register({
        name: pluginOrName,
        apiVersion: BACKEND_API_VERSION,
        priority,
        init: factoryOrOptions,
      });
      return;
    }
    const options = typeof factoryOrOptions === 'object' ? factoryOrOptions : {};
    // The replaced plugin's kernels would run on the new backend's handles.
    if (this.backends.register(pluginOrName, options))
      this.kernels.unregisterBackend(pluginOrName.name);
  }

  /** Registers a plugin and every kernel it lists. */
  use(plugin: BackendPlugin, options: { override?: boolean } = {}): this {
    this.registerBackend(plugin, options);
    for (const kernel of plugin.kernels ?? []) {
      this.kernels.register({ ...kernel, override: options.override || kernel.override });
    }
    return this;
  }

  /** Removes a backend and its kernels; the next op picks the best remaining backend. */
  unregisterBackend(name: string): boolean {
    this.kernels.unregisterBackend(name);
    return this.backends.unregister(name);
  }

  registerKernel<O extends string, B extends Backend>(config: KernelConfig<O, B>): void {
    this.kernels.register(defineKernel(config));
  }

  unregisterKernel(op: string, backend: string, formats?: readonly string[]): boolean {
    return this.kernels.unregister(op, backend, formats);
  }

  listBackends(): BackendStatus[] {
    return this.backends.list();
  }

  /** Name of the active backend, if one has been chosen. */
  get backendName(): string | undefined {
    return this.backends.activeName;
  }

  /** Chooses (once) and initialises the best usable backend; returns its name. */
  async ready(): Promise<string> {
    return (await this.backends.ready()).name;
  }

  async setBackend(name: string): Promise<void> {
    await this.backends.select(name);
  }

  /** The plan `run` would follow, without running it. */
  plan(op: string, formats: readonly string[], backend: string): DispatchPlan {
    return planDispatch(this.kernels, op, formats, backend, (name) => this.backends.has(name));
  }

  /** A tensor holding `values` (converted to float32, then encoded to `options.format`). */
  tensor(values: NumericArray, shape?: Shape, options: TensorOptions = {}): Tensor {
    const format = resolveFormat(options.format ?? 'f32');
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    const dims = shape ?? [data.length];
    checkShape(dims);
    if (sizeOf(dims) !== data.length) {
      throw new LowbitError(
        ErrorCode.Shape,
        `Shape [${dims.join(', ')}] holds ${sizeOf(dims)} values but ${data.length} were given.`,
      );
    }
    return this.adopt(
      format.encode(data, options),
      dims,
      format,
      this.hostBackend(options.backend),
      options.mutable,
    );
  }

  /** A tensor of zeros (encoded to `options.format`, f32 by default): e.g. a KV cache. */
  zeros(shape: Shape, options: TensorOptions = {}): Tensor {
    checkShape(shape);
    return this.tensor(new Float32Array(sizeOf(shape)), shape, options);
  }

  /** A tensor over already packed bytes (copied), e.g. a q4_0 tensor read from a file. */
  fromBytes(
    bytes: Uint8Array,
    shape: Shape,
    format: string | Format,
    options: StorageOptions = {},
  ): Tensor {
    const resolved = resolveFormat(format);
    checkShape(shape);
    const expected = resolved.byteLength(sizeOf(shape));
    if (bytes.length !== expected) {
      throw new LowbitError(
        ErrorCode.Shape,
        `A ${resolved.name} tensor of shape [${shape.join(', ')}] takes ${expected} bytes, but ${bytes.length} were given.`,
        { details: { format: resolved.name, expected, given: bytes.length } },
      );
    }
    const backend = this.hostBackend(options.backend);
    return this.wrap(backend.upload(bytes), shape, resolved, backend, options.mutable);
  }

  /**
   * Runs `fn` and disposes every tensor made meanwhile except those it returns (in arrays and
   * plain objects too) and those passed to `keep()`. Use it around loops on backends whose
   * memory garbage collection cannot see (wasm, webgpu).
   */
  tidy<T>(fn: () => T): T {
    return this.scopes.tidy(fn);
  }

  /** Exempts `tensor` from the enclosing `tidy` scopes. */
  keep<T extends Tensor>(tensor: T): T {
    return this.scopes.keep(tensor);
  }

  /** @internal Called by every new Tensor made by this engine. */
  track(tensor: Tensor): void {
    this.scopes.track(tensor);
  }

  /** Wraps storage a backend already holds — how kernels return results (immutable). */
  wrap(handle: unknown, shape: Shape, format: Format, backend: Backend, mutable = false): Tensor {
    return new Tensor({ shape, format, backend, handle, mutable, host: this });
  }

  /** Like fromBytes, but hands `bytes` over without a copy where the backend allows it. */
  adopt(
    bytes: Uint8Array,
    shape: Shape,
    format: Format,
    backend: Backend,
    mutable = false,
  ): Tensor {
    const owning = backend as Backend & { adopt?(bytes: Uint8Array): unknown };
    return this.wrap(
      owning.adopt ? owning.adopt(bytes) : backend.upload(bytes),
      shape,
      format,
      backend,
      mutable,
    );
  }

  async move(tensor: Tensor, backend: string): Promise<Tensor> {
    tensor.assertLive();
    if (tensor.location === backend) return tensor;
    const target = await this.backends.get(backend);
    const bytes = await tensor.readBytes();
    return this.adopt(bytes, tensor.shape, tensor.format, target, tensor.mutable);
  }

  /** Plans made so far: one per (op, backend, formats) until a registration drops them. */
  stats(): EngineStats {
    return { plans: this.plans.planned };
  }

  /**
   * Runs `op` on `inputs` (all on one backend) following the cached dispatch plan. Synchronous:
   * the outputs are returned at once (an asynchronous backend fills them later; read() waits).
   */
  run<O extends string>(
    op: O,
    inputs: readonly Tensor[],
    attrs: OpAttrs<O>,
    options?: RunOptions,
  ): Tensor[] {
    const result = this.execute(this.route(op, inputs, options?.backend), inputs, attrs);
    return Array.isArray(result) ? result : [result];
  }

  /** `run` for an op with one output, without wrapping it in an array. */
  runOne<O extends string>(op: O, inputs: readonly Tensor[], attrs: OpAttrs<O>): Tensor {
    const result = this.execute(this.route(op, inputs, undefined), inputs, attrs);
    return Array.isArray(result) ? result[0]! : result;
  }

  private route(op: string, inputs: readonly Tensor[], backend: string | undefined): CachedPlan {
    for (let i = 0; i < inputs.length; i++) inputs[i]!.assertLive();
    const home =
      backend ?? (inputs.length > 0 ? inputs[0]!.location : this.backends.readySync().name);
    for (let i = 0; i < inputs.length; i++) {
      const stray = inputs[i]!;
      if (stray.location !== home) {
        throw new LowbitError(
          ErrorCode.BackendMismatch,
          `Op "${op}" got operands on "${stray.location}" and "${home}"; move them with await t.to("${home}") first.`,
        );
      }
    }
    this.plans.sync(this.kernels.version, this.backends.version);
    const entry = this.plans.find(op, home, inputs) ?? this.newPlan(op, inputs, home);
    if (entry.plan.writes !== undefined) inputs[entry.plan.writes]!.assertMutable(op);
    return entry;
  }

  private newPlan(op: string, inputs: readonly Tensor[], from: string): CachedPlan {
    const plan = this.plan(
      op,
      inputs.map((t) => t.format.name),
      from,
    );
    const home = inputs[0]?.backend ?? this.backends.getSync(from);
    const runner = plan.viaCpu ? this.backends.getSync(plan.backend) : home;
    if (plan.viaCpu) {
      const writable = plan.writes === undefined || home.writeSync !== undefined;
      if (!home.downloadSync || !runner.downloadSync || !writable) throw asyncDetour(plan);
      const key = `${plan.op}|${from}|${plan.formats.join(',')}`;
      if (!this.detoursLogged.has(key)) {
        this.detoursLogged.add(key);
        this.logger.warn(
          `lowbit: ${plan.op}(${plan.formats.join(', ')}) on ${from} runs on ${plan.backend}, ` +
            `copying operands there and back (register a ${from} kernel to keep it local). ` +
            `Route: ${plan.route}`,
        );
      }
    }
    const entry = { plan, home, runner, context: this.contextFor(runner) };
    this.plans.add(entry);
    return entry;
  }

  private contextFor(backend: Backend): KernelContext {
    let context = this.contexts.get(backend);
    if (!context) {
      context = {
        backend,
        wrap: (handle: unknown, shape: Shape, format: Format) =>
          this.wrap(handle, shape, format, backend),
      };
      this.contexts.set(backend, context);
    }
    return context;
  }

  private execute(entry: CachedPlan, inputs: readonly Tensor[], attrs: object): KernelResult {
    const { plan, runner, context } = entry;
    assertBackendLive(runner);
    if (!plan.viaCpu && plan.decode.length === 0) {
      const result = synchronous(plan, plan.kernel.fn(inputs, attrs, context));
      if (plan.writes !== undefined) inputs[plan.writes]!.storage.version++;
      return result;
    }
    const temporaries: Tensor[] = [];
    const operands = plan.viaCpu ? inputs.map((t) => copyTo(t, runner, this)) : [...inputs];
    if (plan.viaCpu) temporaries.push(...operands);
    for (const { input, kernel } of plan.decode) {
      const decoded = first(synchronous(plan, kernel.fn([operands[input]!], {}, context)));
      operands[input] = decoded;
      temporaries.push(decoded);
    }
    const result = synchronous(plan, plan.kernel.fn(operands, attrs, context));
    let outputs = Array.isArray(result) ? result : [result];
    if (plan.writes !== undefined) inputs[plan.writes]!.storage.version++;
    if (plan.viaCpu && plan.writes !== undefined) {
      const written = inputs[plan.writes]!;
      writeBack(operands[plan.writes]!, written);
      outputs = [written];
    } else if (plan.viaCpu) {
      temporaries.push(...outputs);
      outputs = outputs.map((t) => copyTo(t, entry.home, this));
    }
    for (const t of temporaries) if (!inputs.includes(t) && !outputs.includes(t)) t.dispose();
    return Array.isArray(result) ? outputs : outputs[0]!;
  }

  private hostBackend(name: string | undefined): Backend {
    const backend = name === undefined ? this.backends.readySync() : this.backends.getSync(name);
    assertBackendLive(backend);
    return backend;
  }
}

/** A kernel's result, refused when it is a Promise (kernels were allowed to be async before v2). */
function synchronous(plan: DispatchPlan, result: KernelResult): KernelResult {
  if (typeof (result as { then?: unknown }).then === 'function') {
    throw new LowbitError(
      ErrorCode.Argument,
      `The ${plan.backend} kernel for ${plan.op}(${plan.formats.join(', ')}) returned a Promise: ` +
        'kernels must be synchronous since backend API v2 (return the Tensor itself).',
    );
  }
  return result;
}

function first(result: KernelResult): Tensor {
  return Array.isArray(result) ? result[0]! : result;
}

/** `tensor`'s bytes copied into `target` without waiting (its backend reads synchronously). */
function copyTo(tensor: Tensor, target: Backend, engine: Engine): Tensor {
  const source = tensor.backend;
  if (!source.downloadSync) {
    throw new LowbitError(
      ErrorCode.TensorLocation,
      `Tensors on "${source.name}" cannot be read synchronously; use await t.to("${target.name}").`,
    );
  }
  const bytes = source.downloadSync(tensor.handle).subarray(0, tensor.byteLength);
  return engine.wrap(target.upload(bytes), tensor.shape, tensor.format, target);
}

/** An in-place op's result, computed on cpu into `copy`, written into `target`'s own storage. */
function writeBack(copy: Tensor, target: Tensor): void {
  const bytes = copy.backend.downloadSync!(copy.handle).subarray(0, copy.byteLength);
  target.backend.writeSync!(target.handle, bytes);
}

function asyncDetour(plan: DispatchPlan): LowbitError {
  return new LowbitError(
    ErrorCode.KernelMissing,
    `No ${plan.from} kernel runs ${plan.op}(${plan.formats.join(', ')}), and the ${plan.backend} ` +
      `fallback would need to read ${plan.from} storage synchronously, which ${plan.from} cannot. ` +
      `The ${plan.from} backend should register a ${plan.from} kernel for "${plan.op}" (or a decode ` +
      `kernel and a float one); until then, move the operands with await t.to("${plan.backend}") ` +
      'and run the op there.',
    { details: { op: plan.op, formats: plan.formats, backend: plan.from } },
  );
}

/** The process-wide engine. */
export const engine = new Engine();
