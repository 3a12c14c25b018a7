/** The attrs of a call that passes none: one shared object, so a steady-state op allocates only its output. */
export const NO_ATTRS: Readonly<Record<string, never>> = Object.freeze({});
