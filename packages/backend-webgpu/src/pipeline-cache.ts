/**
 * Compute pipelines by key — (kernel, formats, workgroup size, features), spelled by the
 * caller — so a steady-state op creates none. `created` counts compilations for tests.
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

  constructor(private readonly device: GPUDevice) {}

  get(spec: PipelineSpec): GPUComputePipeline {
    let pipeline = this.pipelines.get(spec.key);
    if (!pipeline) {
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
      this.created++;
      this.pipelines.set(spec.key, pipeline);
    }
    return pipeline;
  }
}
