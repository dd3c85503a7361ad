// Durations for the tests' TTLs, in milliseconds like the lib functions take them. A test
// never sleeps through a deadline: it creates rows with a long TTL and ages them (age.ts).
export const SECOND = 1_000;
export const HOUR = 3_600_000;
