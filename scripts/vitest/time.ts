// Durations for the tests' TTLs and waits, in milliseconds like the lib functions take them.
export const SECOND = 1_000;
export const HOUR = 3_600_000;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
