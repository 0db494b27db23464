// A scan's bounds, apart from the parser so that the scan form (a client component) can use them
// without shipping the IDNA tables.
export const MAX_SCAN_NAMES = 100_000;
/** What the request body may weigh: 100,000 names of 100 characters. */
export const MAX_SCAN_BODY_BYTES = 10 * 1024 * 1024;
