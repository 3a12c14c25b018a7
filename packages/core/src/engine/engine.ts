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
import type { KernelConfig, KernelResult } from '../kernel/kernel.ts';
import { KernelRegistry } from '../kernel/kernel-registry.ts';
import type { OpAttrs } from '../kernel/op-names.ts';
import { checkShape, type Shape, sizeOf } from '../tensor/shape.ts';
import { Tensor } from '../tensor/tensor.ts';
import { type DispatchPlan, planDispatch } from './dispatch-plan.ts';

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
}

export interface RunOptions {
  /** Run on this backend instead of the operands' own. */
  backend?: string;
}

export class Engine {
  readonly kernels = new KernelRegistry();
  readonly backends: BackendRegistry;

  constructor(options: { logger?: Logger } = {}) {
    this.backends = new BackendRegistry(options.logger ?? { warn: (m) => console.warn(m) });
  }

  setLogger(logger: Logger): void {
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
    this.backends.register(
      pluginOrName,
      typeof factoryOrOptions === 'object' ? factoryOrOptions : {},
    );
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

  registerKernel<O extends string>(config: KernelConfig<O>): void {
    this.kernels.register(config as unknown as KernelConfig);
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
    );
  }

  /** A tensor over already packed bytes (copied), e.g. a q4_0 tensor read from a file. */
  fromBytes(
    bytes: Uint8Array,
    shape: Shape,
    format: string | Format,
    options: { backend?: string } = {},
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
    return this.wrap(backend.upload(bytes), shape, resolved, backend);
  }

  /** Wraps storage a backend already holds — how kernels return results. */
  wrap(handle: unknown, shape: Shape, format: Format, backend: Backend): Tensor {
    return new Tensor({ shape, format, backend, handle, host: this });
  }

  /** Like fromBytes, but hands `bytes` over without a copy where the backend allows it. */
  adopt(bytes: Uint8Array, shape: Shape, format: Format, backend: Backend): Tensor {
    const owning = backend as Backend & { adopt?(bytes: Uint8Array): unknown };
    return this.wrap(
      owning.adopt ? owning.adopt(bytes) : backend.upload(bytes),
      shape,
      format,
      backend,
    );
  }

  async move(tensor: Tensor, backend: string): Promise<Tensor> {
    tensor.assertLive();
    if (tensor.location === backend) return tensor;
    const target = await this.backends.get(backend);
    return this.adopt(await tensor.readBytes(), tensor.shape, tensor.format, target);
  }

  /** Runs `op` on `inputs` (all on one backend) following the dispatch plan. */
  async run<O extends string>(
    op: O,
    inputs: readonly Tensor[],
    attrs: OpAttrs<O>,
    options: RunOptions = {},
  ): Promise<Tensor[]> {
    for (const input of inputs) input.assertLive();
    const home = options.backend ?? inputs[0]?.location ?? (await this.ready());
    const stray = inputs.find((t) => t.location !== home);
    if (stray) {
      throw new LowbitError(
        ErrorCode.BackendMismatch,
        `Op "${op}" got operands on "${stray.location}" and "${home}"; move them with await t.to("${home}") first.`,
      );
    }
    const plan = this.plan(
      op,
      inputs.map((t) => t.format.name),
      home,
    );
    const backend = await this.backends.get(plan.backend);
    assertBackendLive(backend);
    const context = {
      backend,
      wrap: (handle: unknown, shape: Shape, format: Format) =>
        this.wrap(handle, shape, format, backend),
    };
    const temporaries: Tensor[] = [];
    let operands = [...inputs];
    if (plan.viaCpu) {
      operands = await Promise.all(operands.map((t) => this.move(t, plan.backend)));
      temporaries.push(...operands);
    }
    for (const { input, kernel } of plan.decode) {
      const [decoded] = toList(await kernel.fn([operands[input]!], {}, context));
      operands[input] = decoded!;
      temporaries.push(decoded!);
    }
    let outputs = toList(await plan.kernel.fn(operands, attrs, context));
    if (plan.viaCpu) {
      const local = outputs;
      outputs = await Promise.all(local.map((t) => this.move(t, home)));
      temporaries.push(...local);
    }
    for (const t of temporaries) if (!inputs.includes(t) && !outputs.includes(t)) t.dispose();
    return outputs;
  }

  private hostBackend(name: string | undefined): Backend {
    const backend = name === undefined ? this.backends.readySync() : this.backends.getSync(name);
    assertBackendLive(backend);
    return backend;
  }
}

function toList(result: KernelResult): Tensor[] {
  return Array.isArray(result) ? result : [result];
}

/** The process-wide engine. */
export const engine = new Engine();
