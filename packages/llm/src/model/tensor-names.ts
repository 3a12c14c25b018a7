/**
 * Where each weight lives in a container, by its GGUF name: GGUF and llama2.c (as @lowbit/models
 * lists it) use GGUF's names; a Hugging Face folder uses transformers' module paths.
 */
const HF_LAYER: Readonly<Record<string, string>> = {
  attn_norm: 'input_layernorm',
  attn_q: 'self_attn.q_proj',
  attn_k: 'self_attn.k_proj',
  attn_v: 'self_attn.v_proj',
  attn_output: 'self_attn.o_proj',
  ffn_norm: 'post_attention_layernorm',
  ffn_gate: 'mlp.gate_proj',
  ffn_up: 'mlp.up_proj',
  ffn_down: 'mlp.down_proj',
};

const HF_GLOBAL: Readonly<Record<string, string>> = {
  'token_embd.weight': 'model.embed_tokens.weight',
  'output_norm.weight': 'model.norm.weight',
  'output.weight': 'lm_head.weight',
};

/** transformers' name for a GGUF tensor name (`blk.3.attn_q.bias` → `model.layers.3.self_attn.q_proj.bias`). */
export function hfTensorName(gguf: string): string {
  const global = HF_GLOBAL[gguf];
  if (global) return global;
  const match = /^blk\.(\d+)\.(\w+)\.(weight|bias)$/.exec(gguf);
  const module = match && HF_LAYER[match[2]!];
  return module ? `model.layers.${match![1]}.${module}.${match![3]}` : gguf;
}
