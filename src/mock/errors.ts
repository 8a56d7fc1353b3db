import type { ValidationIssue } from '../spec/ajv.js';

/**
 * An error with the HTTP status it is answered with. The pipeline turns it into the vendor's own
 * error body (GroundWork `{error, status}`, Polarity JSON:API `errors`, Boomi `{message}`, ...).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly options: {
      issues?: ValidationIssue[];
      headers?: Record<string, string>;
      /** A JSON:API-style pointer or parameter name the error is about. */
      source?: { pointer?: string; parameter?: string };
    } = {},
  ) {
    // An answer to the client, not a fault of ours: its stack would never be read, and capturing it
    // was a twentieth of the cost of rejecting a request.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'HttpError';
  }
}
