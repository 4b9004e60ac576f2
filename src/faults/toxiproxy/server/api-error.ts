import { errorMessage } from '../../../errors.js';

/** An error the HTTP API answers with its own status, as Toxiproxy's ApiError. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Toxiproxy's error catalogue (api.go), message and status for each. */
const CATALOGUE = {
  badRequestBody: ['bad request body', 400],
  missingField: ['missing required field', 400],
  proxyNotFound: ['proxy not found', 404],
  proxyAlreadyExists: ['proxy already exists', 409],
  invalidStream: ['stream was invalid, can be either upstream or downstream', 400],
  invalidToxicType: ['invalid toxic type', 400],
  toxicAlreadyExists: ['toxic already exists', 409],
  toxicNotFound: ['toxic not found', 404],
} as const;

/** The catalogued error, with Toxiproxy's "<message>: <detail>" when there is a detail. */
export function apiError(kind: keyof typeof CATALOGUE, detail?: string): ApiError {
  const [message, status] = CATALOGUE[kind];
  return new ApiError(detail === undefined ? message : `${message}: ${detail}`, status);
}

/** Any other error answers 500 with its message, as Toxiproxy's apiError does. */
export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(errorMessage(error), 500);
}
