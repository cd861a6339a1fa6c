-- The budgets that hold across processes (server/adapter.ts: rate-limiter-flexible's
-- RateLimiterPostgres, told the table exists): failed lookups and events created, per address.
-- The library's own layout; it deletes rows that expired an hour ago.
CREATE TABLE rate_limits (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
