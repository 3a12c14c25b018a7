/**
 * Compute pipelines by key — (kernel, formats, workgroup size, features), spelled by the
 * caller — so a steady-state op creates none. `created` counts compilations for tests.
 *
 * Creation runs inside a validation error scope: an invalid shader would otherwise give an
 * invalid pipeline whose dispatches silently leave their outputs zero. The scope's verdict
 * (with the compiler's messages) goes to `onError`; the backend turns it into E_GPU_ERROR on
 * the next read.
 */
export interface PipelineSpec {
  /** Cache key: everything that changes the compiled code. */
  key: string;
  /** The WGSL source (a kernel, or a format snippet followed by a kernel). */
  code: string;
  /** Pipeline-overridable constants (`override` declarations in the WGSL). */
  constants?: Record<string, number>;
}

export class PipelineCache {
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly modules = new Map<string, GPUShaderModule>();
  created = 0;

  constructor(
    private readonly device: GPUDevice,
    /** Called (asynchronously) when a pipeline failed to compile; `check` is its promise. */
    private readonly onError: (key: string, message: string) => void,
    private readonly track: (check: Promise<unknown>) => void,
  ) {}

  get(spec: PipelineSpec): GPUComputePipeline {
    let pipeline = this.pipelines.get(spec.key);
    if (!pipeline) {
      this.device.pushErrorScope('validation');
      let module = this.modules.get(spec.code);
      if (!module) {
        module = this.device.createShaderModule({ code: spec.code });
        this.modules.set(spec.code, module);
      }
      pipeline = this.device.createComputePipeline({
        layout: 'auto',
        compute: {
          module,
          entryPoint: 'main',
          ...(spec.constants ? { constants: spec.constants } : {}),
        },
      });
      this.track(this.verdict(spec.key, module));
      this.created++;
      this.pipelines.set(spec.key, pipeline);
    }
    return pipeline;
  }

  private async verdict(key: string, module: GPUShaderModule): Promise<void> {
    // A lost device rejects the pop: loss is reported by its own path.
    const error = await this.device.popErrorScope().catch(() => null);
    if (!error) return;
    const info = await module.getCompilationInfo?.().catch(() => undefined);
    const errors = (info?.messages ?? [])
      .filter((m) => m.type === 'error')
      .map((m) => `${m.lineNum}:${m.linePos} ${m.message}`);
    this.onError(key, [error.message, ...errors].join('\n'));
  }
}
