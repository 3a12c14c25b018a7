/**
 * Stable error codes. A code never changes meaning once released; add new ones, retire old
 * ones by leaving them here with a comment, never reuse a string.
 */
export const ErrorCode = {
  /** A format name is not registered. */
  FormatUnknown: 'E_FORMAT_UNKNOWN',
  /** A format with this name is already registered. */
  FormatExists: 'E_FORMAT_EXISTS',
  /** A format descriptor is malformed. */
  FormatInvalid: 'E_FORMAT_INVALID',
  /** A backend name is not registered. */
  BackendUnknown: 'E_BACKEND_UNKNOWN',
  /** A backend with this name is already registered. */
  BackendExists: 'E_BACKEND_EXISTS',
  /** A backend's probe or init failed. */
  BackendInit: 'E_BACKEND_INIT',
  /** No registered backend could be initialised. */
  BackendNone: 'E_BACKEND_NONE',
  /** A backend's init is asynchronous and has not finished: await ready(). */
  BackendNotReady: 'E_BACKEND_NOT_READY',
  /** A backend was disposed; create a new one (or `use()` another) before running ops. */
  BackendDisposed: 'E_BACKEND_DISPOSED',
  /**
   * A GPU backend's device was lost (driver reset, `device.destroy()`): tensors that lived on it
   * are gone; new work runs on the next backend.
   */
  DeviceLost: 'E_DEVICE_LOST',
  /**
   * A GPU backend's device rejected work (an invalid shader or pipeline, a validation error):
   * results computed since are unreliable, so reading them fails instead of returning zeros.
   */
  GpuError: 'E_GPU_ERROR',
  /** A backend could not allocate storage of the size named in the message. */
  OutOfMemory: 'E_OUT_OF_MEMORY',
  /** Operands live on different backends. */
  BackendMismatch: 'E_BACKEND_MISMATCH',
  /** A plugin was built against another backend API version. */
  ApiVersion: 'E_API_VERSION',
  /** No kernel (nor fallback) implements an op for the operands given. */
  KernelMissing: 'E_KERNEL_MISSING',
  /** A kernel for the same op, backend and formats is already registered. */
  KernelExists: 'E_KERNEL_EXISTS',
  /** A shape is invalid or does not fit the data or the other operands. */
  Shape: 'E_SHAPE',
  /** An argument has the wrong type or an out-of-range value. */
  Argument: 'E_ARGUMENT',
  /** A tensor was used after dispose(). */
  TensorDisposed: 'E_TENSOR_DISPOSED',
  /**
   * An in-place op (writeRows) got a tensor that was not created `mutable: true`; create the
   * destination with `engine.zeros(shape, { mutable: true })` or pass `mutable: true`.
   */
  TensorImmutable: 'E_TENSOR_IMMUTABLE',
  /** Data is not on the host and must be read asynchronously. */
  TensorLocation: 'E_TENSOR_LOCATION',
  /** A file could not be opened or written (missing, permissions, disk full). */
  FileIo: 'E_FILE_IO',
  /** A file ends before a structure it declares. */
  FileTruncated: 'E_FILE_TRUNCATED',
  /** A path names a directory, FIFO, device or socket where a regular file is needed. */
  FileNotRegular: 'E_FILE_NOT_REGULAR',
  /** A file's contents contradict themselves or its format. */
  FileCorrupt: 'E_FILE_CORRUPT',
  /** A file uses a container version this library does not read. */
  UnsupportedVersion: 'E_UNSUPPORTED_VERSION',
  /** A model file lacks a tensor its architecture needs. */
  TensorMissing: 'E_TENSOR_MISSING',
  /** A tensor's data lies outside the file's data section. */
  TensorOutOfBounds: 'E_TENSOR_OUT_OF_BOUNDS',
  /** The operation exists but not for this format or input (e.g. encoding a decode-only type). */
  Unsupported: 'E_UNSUPPORTED',
  /** Command-line usage error. */
  Usage: 'E_USAGE',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
