/**
 * k6's error codes for requests that got no HTTP status (lib/netext/httpext/error_codes.go),
 * mapped to the error classes the native engine records.
 */
const CLASS_BY_K6_CODE: Record<number, string> = {
  1050: 'timeout',
  1211: 'timeout',
  1212: 'refused',
  1201: 'reset',
  1220: 'reset',
};

export function transportOutcome(errorCode: number): string {
  return CLASS_BY_K6_CODE[errorCode] ?? 'other';
}
