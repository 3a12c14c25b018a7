/** Node entry: open models and tokenizers from paths. */
export * from './index.ts';
